// Cookies and production settings (issue 18, item 1c), through the built app: over HTTPS the session
// cookie is `__Host-` prefixed and still works, and plain http:// to another machine stops the start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startWebApp, type WebApp } from "@/lib/testing/web-app";
import { throwawayWebDatabase, type WebDatabase } from "@/lib/testing/web-database";
import { cis2Claims, startSignIn } from "@/lib/testing/web-sign-in";
import { startFakeIssuer, type FakeIssuer } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";

const HOST_COOKIE = "__Host-authjs.session-token";

let fake: FakeIssuer;
let database: WebDatabase;
let app: WebApp;

beforeAll(async () => {
  [fake, database] = await Promise.all([startFakeIssuer(), throwawayWebDatabase()]);
  const port = await freePort();
  // The test speaks plain HTTP to the port, as a TLS-terminating proxy in front of Mailroom would.
  app = await startWebApp({
    port,
    env: {
      OIDC_ISSUER: fake.issuer,
      DATABASE_URL: database.url,
      AUTH_URL: `https://localhost:${port}`,
      MESH_URL: "http://mesh.invalid:8700",
      ALLOW_INSECURE_URLS: "true",
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await database?.drop();
});

describe("production settings", () => {
  it("refuses to start with http:// to another machine, and says which setting and what allows it", async () => {
    const attempt = startWebApp({ env: { OIDC_ISSUER: fake.issuer, DATABASE_URL: database.url, MESH_URL: "http://mesh.invalid:8700" } });
    await expect(attempt).rejects.toThrow(/exited before it was ready[\s\S]*MESH_URL must use https:\/\/[\s\S]*ALLOW_INSECURE_URLS=true/);
  });

  it("starts with it when ALLOW_INSECURE_URLS=true (the app under test)", async () => {
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    await health.body?.cancel();
  });
});

describe("over HTTPS", () => {
  it("names the session cookie __Host-, Secure, for Path=/ and no Domain, and the session works with it", async () => {
    const claims = cis2Claims("priya.shah");
    fake.userinfo = claims;
    fake.respondWith((req, f) => ({
      access_token: "at",
      token_type: "Bearer",
      expires_in: 300,
      id_token: f.idToken({ ...claims, nonce: req.nonce }),
    }));
    const browser = new Browser();
    const authorize = await startSignIn(browser, app);
    const { url: back } = await browser.follow(authorize, fake.issuer);
    expect(back.href.startsWith(`https://localhost:${app.port}/api/auth/callback/cis2?`)).toBe(true);
    back.protocol = "http:"; // the proxy's hop
    const callback = await browser.request(back);
    await callback.body?.cancel();
    expect(callback.status, app.output()).toBe(302);

    const sessionLines = callback.headers.getSetCookie().filter((line) => line.includes("authjs.session-token"));
    expect(sessionLines.length).toBeGreaterThan(0);
    for (const line of sessionLines) {
      expect(line.startsWith(`${HOST_COOKIE}=`) || line.startsWith(`${HOST_COOKIE}.`), line).toBe(true);
      expect(line).toMatch(/;\s*Secure/i);
      expect(line).toMatch(/;\s*Path=\/(;|$)/i);
      expect(line).not.toMatch(/;\s*Domain=/i);
    }

    // The proxy's early redirect, the server-side session check and Auth.js all read the prefixed cookie.
    const session = await browser.request(`${app.url}/api/session`);
    expect(session.status, app.output()).toBe(200);
    expect(await session.json()).toMatchObject({ signedIn: true });
    const page = await browser.request(`${app.url}/mailboxes`);
    await page.body?.cancel();
    expect(page.status).toBeLessThan(400);
    expect(page.headers.get("location") ?? "").not.toContain("/sign-in"); // one mailbox: straight to its inbox
    const authjs = await browser.request(`${app.url}/api/auth/session`);
    expect(((await authjs.json()) as { user?: { id?: string } }).user?.id).toBe(claims.sub);
  });
});
