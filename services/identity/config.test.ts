import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { loadOrCreateSigningKey } from "./keys";

describe("loadConfig", () => {
  it("has working defaults", () => {
    expect(loadConfig({})).toEqual({
      port: 3100,
      host: "127.0.0.1",
      issuer: undefined,
      clientId: "mailroom",
      clientSecret: "mailroom-dev-secret",
      clientJwks: undefined,
      redirectUris: ["http://localhost:3000/api/auth/callback/cis2"],
      postLogoutRedirectUris: ["http://localhost:3000/signed-out"],
      backchannelLogoutUri: "http://localhost:3000/api/auth/backchannel-logout",
      keyFile: undefined,
    });
  });

  it("reads lists, the issuer and a public JWK set; treats empty strings as unset", () => {
    const jwks = { keys: [{ kty: "RSA", n: "abc", e: "AQAB", kid: "k1" }] };
    const c = loadConfig({
      IDENTITY_PORT: "4000",
      IDENTITY_ISSUER: "https://idp.example",
      IDENTITY_REDIRECT_URIS: "http://localhost:3000/a, http://localhost:3001/b",
      IDENTITY_CLIENT_JWKS: JSON.stringify(jwks),
      IDENTITY_KEY_FILE: "",
    });
    expect(c).toMatchObject({ port: 4000, issuer: "https://idp.example", clientJwks: jwks, keyFile: undefined });
    expect(c.redirectUris).toEqual(["http://localhost:3000/a", "http://localhost:3001/b"]);
  });

  it.each([
    ["IDENTITY_PORT", "http"],
    ["IDENTITY_ISSUER", "http://127.0.0.1:3100/"],
    ["IDENTITY_REDIRECT_URIS", "not a url"],
    ["IDENTITY_CLIENT_JWKS", "{"],
    ["IDENTITY_CLIENT_JWKS", JSON.stringify({ keys: [{ kty: "RSA", n: "a", e: "AQAB", d: "secret" }] })],
  ])("refuses a bad %s", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe("loadOrCreateSigningKey", () => {
  it("creates a private key file once and loads the same key afterwards", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "identity-key-")), "nested", "key.json");
    const created = loadOrCreateSigningKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toHaveProperty("d");
    const loaded = loadOrCreateSigningKey(file);
    expect(loaded.kid).toBe(created.kid);
    expect(loaded).toMatchObject({ alg: "RS256", use: "sig", kty: "RSA" });
  });
});
