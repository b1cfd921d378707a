// Back-channel logout through the built app and the real identity provider (issue 5, item 6.4): ending
// the session at the provider ends it in Mailroom; a logout token the provider did not sign ends nothing.
import { createPrivateKey, randomUUID, type JsonWebKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PEOPLE } from "@/lib/demo/data";
import { freePort, startWebApp, type WebApp } from "@/lib/testing/web-app";
import { throwawayWebDatabase, type WebDatabase } from "@/lib/testing/web-database";
import { sessionCookieHeader, sessionSeenBy, signInThroughIdentity } from "@/lib/testing/web-sign-in";
import { generateRsaKey } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";
import { signJwt, type SignKey } from "@/services/identity/testing/jwt";
import { startIdentityProcess, type IdentityProcess } from "@/services/identity/testing/spawn";
import { mailroomClientUris } from "@/services/identity/config";

const BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";
const tom = DEMO_PEOPLE.find((p) => p.username === "tom.baker")!;

let keyDir: string;
let idp: IdentityProcess;
let database: WebDatabase;
let app: WebApp;
let providerKey: SignKey;
let providerKid: string;

beforeAll(async () => {
  // The provider must know the app's URLs (redirect, post-logout, back-channel) before either starts.
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  keyDir = mkdtempSync(path.join(os.tmpdir(), "mailroom-idp-key-"));
  const keyFile = path.join(keyDir, "signing-key.json");
  idp = await startIdentityProcess({
    ...mailroomClientUris(appUrl),
    // A key file the test can read, so the control case can sign a logout token exactly as the provider does.
    IDENTITY_KEY_FILE: keyFile,
  });
  const jwk = JSON.parse(readFileSync(keyFile, "utf8")) as JsonWebKey & { kid?: string };
  providerKey = { alg: "RS256", privateKey: createPrivateKey({ key: jwk, format: "jwk" }) };
  const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
  const published = (await (await fetch(discovery.jwks_uri)).json()) as { keys: { kid: string }[] };
  providerKid = published.keys[0]?.kid ?? "";
  database = await throwawayWebDatabase();
  app = await startWebApp({ port, env: { OIDC_ISSUER: idp.issuer, DATABASE_URL: database.url } });
});

afterAll(async () => {
  await app?.stop();
  await idp?.stop();
  await database?.drop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

/** Tom signs in through the provider's login page; returns his browser and a copy of his session cookie. */
async function signInTom() {
  const browser = new Browser();
  const { location, setCookies } = await signInThroughIdentity(browser, app, idp.issuer, tom.username);
  expect(location.href, app.output()).toBe(`${app.url}/mailboxes`);
  const cookie = sessionCookieHeader(setCookies);
  const seen = await sessionSeenBy({ cookie }, app);
  expect(seen.apiStatus, app.output()).toBe(200);
  return { browser, cookie };
}

function logoutToken(claims: Record<string, unknown>, key: SignKey, typ: string | null = "logout+jwt") {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      iss: idp.issuer,
      aud: "mailroom",
      iat: now,
      exp: now + 120,
      jti: randomUUID(),
      sub: tom.userId,
      events: { [BACKCHANNEL_EVENT]: {} },
      ...claims,
    },
    key,
    { typ: typ ?? undefined, kid: providerKid },
  );
}

function postLogoutToken(token: string, extra: Record<string, string> = {}) {
  return fetch(`${app.url}/api/auth/backchannel-logout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ logout_token: token, ...extra }).toString(),
  });
}

const NOT_ACCEPTED = { error: "invalid_request", error_description: "the logout token was not accepted" };

describe("back-channel logout", () => {
  it("signing out at the identity provider ends the Mailroom session for the same cookie", async () => {
    const { browser, cookie } = await signInTom();

    // The provider's own end-session page, then its confirmation form (as in the provider's own tests).
    const end = new URL(`${idp.issuer}/session/end`);
    end.search = new URLSearchParams({ client_id: "mailroom", post_logout_redirect_uri: `${app.url}/signed-out` }).toString();
    const page = await browser.request(end);
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /<form id="op\.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action && xsrf, html).toBeTruthy();
    const confirm = await browser.request(new URL(action ?? "", idp.issuer), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ xsrf: xsrf ?? "", logout: "yes" }).toString(),
    });
    expect(confirm.status, idp.output()).toBe(303);
    expect(confirm.headers.get("location")).toBe(`${app.url}/signed-out`);

    // The provider delivers the logout token before it redirects, so the session has already ended.
    const seen = await sessionSeenBy({ cookie }, app);
    expect(seen.apiStatus, `${app.output()}\n${idp.output()}`).toBe(401);
    expect(seen.apiBody).toEqual({ signedIn: false, reason: "revoked" });
    expect(seen.pageStatus).toBe(307);
    expect(seen.pageLocation?.pathname).toBe("/sign-in");
    expect(seen.pageLocation?.searchParams.get("reason")).toBe("revoked");
  });

  it("refuses a logout token signed with another key (400) and ends no session", async () => {
    const { cookie } = await signInTom();
    const forged = logoutToken({}, { alg: "RS256", privateKey: generateRsaKey() });
    const res = await postLogoutToken(forged);
    expect(res.status).toBe(400);
    // The same words whatever failed: jose's message ("signature verification failed") stays in the log.
    expect(await res.json()).toEqual(NOT_ACCEPTED);
    expect((await sessionSeenBy({ cookie }, app)).apiStatus).toBe(200);
  });

  it.each([
    ["unsigned (alg none)", () => logoutToken({}, { alg: "none" })],
    ["HS256 keyed with the client secret", () => logoutToken({}, { alg: "HS256", secret: "mailroom-dev-secret" })],
    ["for another audience", () => logoutToken({ aud: "someone-else" }, providerKey)],
    ["from another issuer", () => logoutToken({ iss: "http://127.0.0.1:1" }, providerKey)],
    ["without the logout event", () => logoutToken({ events: {} }, providerKey)],
    ["carrying a nonce", () => logoutToken({ nonce: "n" }, providerKey)],
    ["typed as a plain JWT (an ID token's type)", () => logoutToken({}, providerKey, "JWT")],
    ["with no type", () => logoutToken({}, providerKey, null)],
  ])("refuses a logout token %s (400) and ends no session", async (_name, make) => {
    const { cookie } = await signInTom();
    const res = await postLogoutToken(make());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(NOT_ACCEPTED);
    expect((await sessionSeenBy({ cookie }, app)).apiStatus).toBe(200);
  });

  it("refuses a body over 16 KB (413) before reading it all, and ends no session", async () => {
    const { cookie } = await signInTom();
    const res = await postLogoutToken(logoutToken({}, providerKey), { padding: "x".repeat(64 * 1024) });
    expect(res.status).toBe(413);
    await res.body?.cancel();
    // Streamed without a declared length: the cap holds while reading, too.
    let pieces = 0;
    const streamedBody = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pieces > 64) controller.close();
        else controller.enqueue(new TextEncoder().encode(`padding${pieces}=${"x".repeat(8 * 1024)}&`));
      },
    });
    const streamed = await fetch(`${app.url}/api/auth/backchannel-logout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: streamedBody,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    await streamed.body?.cancel();
    expect((await sessionSeenBy({ cookie }, app)).apiStatus).toBe(200);
  });

  it("accepts the same token signed with the provider's key (the control: the refusals are about the token)", async () => {
    const { cookie } = await signInTom();
    const res = await postLogoutToken(logoutToken({}, providerKey));
    expect(res.status, app.output()).toBe(200);
    await res.body?.cancel();
    const seen = await sessionSeenBy({ cookie }, app);
    expect(seen.apiStatus).toBe(401);
    expect(seen.apiBody).toEqual({ signedIn: false, reason: "revoked" });
  });
});
