import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema, isInsecureUrl, maxUploadBytes, parseEnv } from "./env";

const valid = {
  AUTH_URL: "http://localhost:3000",
  AUTH_SECRET: "x".repeat(40),
  OIDC_ISSUER: "http://127.0.0.1:3100",
  OIDC_CLIENT_ID: "mailroom",
  OIDC_CLIENT_SECRET: "secret",
  CREDENTIALS_KEY: Buffer.alloc(32, 7).toString("base64"),
};

describe("parseEnv", () => {
  it("accepts a complete configuration and fills defaults", () => {
    const env = parseEnv(valid);
    expect(env.MESH_URL).toBe("http://127.0.0.1:8700");
    expect(env.DATABASE_URL).toBe("pglite://./data/app");
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(env.MIN_ASSURANCE_LEVEL).toBe(3);
  });

  it("names each missing setting and says what it should look like", () => {
    const { AUTH_SECRET: _secret, ...rest } = valid;
    expect(() => parseEnv({ ...rest, MESH_URL: "not a url" })).toThrowError(
      /AUTH_SECRET is missing: it must be a random secret[\s\S]*MESH_URL is not valid: it must be the MESH server's base URL/,
    );
  });

  it("refuses a credentials key that is not 32 bytes", () => {
    expect(() => parseEnv({ ...valid, CREDENTIALS_KEY: "c2hvcnQ=" })).toThrowError(
      /CREDENTIALS_KEY is not valid: it must be 32 random bytes/,
    );
  });

  it("needs a client secret or a private_key_jwt key", () => {
    expect(() => parseEnv({ ...valid, OIDC_CLIENT_SECRET: undefined })).toThrowError(/OIDC_CLIENT_SECRET or OIDC_CLIENT_KEY_FILE/);
  });

  it("takes SEED_DEMO_DATA as true, false or empty (the same as unset)", () => {
    expect(parseEnv({ ...valid, SEED_DEMO_DATA: "true" }).SEED_DEMO_DATA).toBe("true");
    expect(parseEnv({ ...valid, SEED_DEMO_DATA: "" }).SEED_DEMO_DATA).toBeUndefined();
    expect(() => parseEnv({ ...valid, SEED_DEMO_DATA: "yes" })).toThrowError(
      /SEED_DEMO_DATA is not valid: it must be true, false or empty/,
    );
  });

  it("needs both halves of a MESH client certificate", () => {
    expect(() => parseEnv({ ...valid, MESH_CLIENT_CERT: "/etc/mesh/cert.pem" })).toThrowError(/MESH_CLIENT_KEY go together/);
  });
});

describe("plain http:// in production", () => {
  const production = { ...valid, NODE_ENV: "production" };
  const remote = {
    AUTH_URL: "http://mailroom.example.nhs.uk",
    OIDC_ISSUER: "http://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare",
    MESH_URL: "http://msg.intspineservices.nhs.uk",
  };

  it.each(Object.entries(remote))("refuses %s over http:// to another machine, naming the setting that allows it", (name, url) => {
    expect(() => parseEnv({ ...production, [name]: url })).toThrowError(
      new RegExp(`${name} must use https://[\\s\\S]*ALLOW_INSECURE_URLS=true`),
    );
  });

  it("names every insecure URL at once", () => {
    expect(() => parseEnv({ ...production, ...remote })).toThrowError(/AUTH_URL, OIDC_ISSUER, MESH_URL must use https/);
  });

  it("accepts https://, and http:// to localhost or a loopback address (npm start, the tests)", () => {
    expect(() =>
      parseEnv({ ...production, AUTH_URL: "https://mailroom.example.nhs.uk", MESH_URL: "https://msg.intspineservices.nhs.uk" }),
    ).not.toThrow();
    expect(() => parseEnv({ ...production, AUTH_URL: "http://localhost:3000", MESH_URL: "http://127.0.0.1:8700" })).not.toThrow();
    expect(() => parseEnv({ ...production, MESH_URL: "http://[::1]:8700" })).not.toThrow();
  });

  it("accepts http:// anywhere with ALLOW_INSECURE_URLS=true, or outside production", () => {
    expect(parseEnv({ ...production, ...remote, ALLOW_INSECURE_URLS: "true" }).ALLOW_INSECURE_URLS).toBe(true);
    expect(() => parseEnv({ ...valid, ...remote })).not.toThrow();
    expect(() => parseEnv({ ...production, ...remote, ALLOW_INSECURE_URLS: "false" })).toThrowError(/must use https/);
    expect(() => parseEnv({ ...valid, ALLOW_INSECURE_URLS: "yes" })).toThrowError(/ALLOW_INSECURE_URLS is not valid/);
  });

  it("tells loopback from look-alikes", () => {
    expect(isInsecureUrl("http://127.8.9.10:1")).toBe(false);
    expect(isInsecureUrl("http://app.localhost")).toBe(false);
    expect(isInsecureUrl("http://127.0.0.1.example.org")).toBe(true);
    expect(isInsecureUrl("http://localhost.example.org")).toBe(true);
    expect(isInsecureUrl("http://10.0.0.5")).toBe(true);
  });
});

describe("maxUploadBytes", () => {
  it("is 50 MB over the internet and 100 MB over HSCN", () => {
    expect(maxUploadBytes("internet")).toBe(50_000_000);
    expect(maxUploadBytes("hscn")).toBe(100_000_000);
  });
});

describe(".env.example", () => {
  it("lists exactly the settings lib/env.ts reads", () => {
    const text = readFileSync(path.join(import.meta.dirname, "..", ".env.example"), "utf8");
    const names = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect(names.sort()).toEqual(Object.keys(envSchema.shape).sort());
  });
});
