// Real CIS2 authenticates clients with private_key_jwt, not a shared secret. Mailroom signs in that way
// when OIDC_CLIENT_KEY_FILE names a PEM key, against the real identity provider told the public half.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, startWebApp, type WebApp } from "@/lib/testing/web-app";
import { throwawayWebDatabase, type WebDatabase } from "@/lib/testing/web-database";
import { sessionCookieHeader, sessionSeenBy, signInThroughIdentity } from "@/lib/testing/web-sign-in";
import { Browser } from "@/services/identity/testing/http-client";
import { startIdentityProcess, type IdentityProcess } from "@/services/identity/testing/spawn";
import { mailroomClientUris } from "@/services/identity/config";

let keyDir: string;
let idp: IdentityProcess;
let database: WebDatabase;
let app: WebApp;

beforeAll(async () => {
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  keyDir = mkdtempSync(path.join(os.tmpdir(), "mailroom-client-key-"));
  const keyFile = path.join(keyDir, "client-key.pem");
  writeFileSync(keyFile, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
  const jwk = { ...publicKey.export({ format: "jwk" }), alg: "RS256", use: "sig" };
  idp = await startIdentityProcess({
    ...mailroomClientUris(appUrl),
    IDENTITY_CLIENT_JWKS: JSON.stringify({ keys: [jwk] }),
  });
  database = await throwawayWebDatabase();
  app = await startWebApp({
    port,
    env: { OIDC_ISSUER: idp.issuer, DATABASE_URL: database.url, OIDC_CLIENT_SECRET: "", OIDC_CLIENT_KEY_FILE: keyFile },
  });
});

afterAll(async () => {
  await app?.stop();
  await idp?.stop();
  await database?.drop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

it("signs in with a private_key_jwt client assertion instead of a secret", async () => {
  const browser = new Browser();
  const { location, setCookies } = await signInThroughIdentity(browser, app, idp.issuer, "tom.baker");
  expect(location.href, app.output()).toBe(`${app.url}/mailboxes`);
  const seen = await sessionSeenBy({ cookie: sessionCookieHeader(setCookies) }, app);
  expect(seen.apiStatus, app.output()).toBe(200);
});
