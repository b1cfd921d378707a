import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema, maxUploadBytes, parseEnv } from "./env";

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
