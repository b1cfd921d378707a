// Auth.js's own endpoints follow Mailroom's server-side session, and after a timeout or a revoked
// session the provider is asked for a fresh login (built app, fake issuer and the real provider).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type OpenedDb } from "@/lib/db";
import { auditLog, sessions } from "@/lib/db/schema";
import { freePort, startWebApp, type WebApp } from "@/lib/testing/web-app";
import { postgresProblem, throwawayPostgres, type WebDatabase } from "@/lib/testing/web-database";
import {
  cis2Claims,
  deliverCallback,
  sessionCookieHeader,
  sessionIdFrom,
  signInThroughFakeIssuer,
  signInThroughIdentity,
  startSignIn,
  submitForm,
} from "@/lib/testing/web-sign-in";
import { mailroomClientUris } from "@/services/identity/config";
import { startFakeIssuer, type FakeIssuer } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";
import { startIdentityProcess, type IdentityProcess } from "@/services/identity/testing/spawn";

const IDLE_MINUTES = 30;
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const FORM = { "content-type": "application/x-www-form-urlencoded" };

// The test moves sessions back in time in the app's database, which PGlite keeps to the web process.
const problem = await postgresProblem();
if (problem) console.warn(`lib/auth/auth-endpoints.web.test.ts skipped: ${problem}`);

describe.skipIf(problem !== null)(`Auth.js endpoints and fresh logins${problem ? ` (skipped: ${problem})` : ""}`, () => {
  let fake: FakeIssuer;
  let database: WebDatabase;
  let opened: OpenedDb;
  let app: WebApp;
  const claims = cis2Claims("priya.shah");

  beforeAll(async () => {
    [fake, database] = await Promise.all([startFakeIssuer({ claims }), throwawayPostgres()]);
    app = await startWebApp({ env: { OIDC_ISSUER: fake.issuer, DATABASE_URL: database.url, SESSION_IDLE_MINUTES: String(IDLE_MINUTES) } });
    opened = await openDb(database.url);
  });

  afterAll(async () => {
    await app?.stop();
    await opened?.close();
    await fake?.close();
    await database?.drop();
  });

  /** Makes the fake issuer answer with an ID token whose `auth_time` is `authTime` (seconds), or none. */
  function issueLoginAt(authTime: number | undefined) {
    fake.userinfo = claims;
    fake.respondWith((req, f) => ({
      access_token: "at",
      token_type: "Bearer",
      expires_in: 300,
      id_token: f.idToken({ ...claims, nonce: req.nonce, ...(authTime === undefined ? {} : { auth_time: authTime }) }),
    }));
  }

  async function signIn() {
    issueLoginAt(Math.floor(Date.now() / 1000));
    const browser = new Browser();
    const { location, setCookies } = await signInThroughFakeIssuer(browser, app, fake.issuer);
    expect(location.pathname, app.output()).toBe("/mailboxes");
    return { browser, cookie: sessionCookieHeader(setCookies), sessionId: await sessionIdFrom(setCookies, app.env.AUTH_SECRET ?? "") };
  }

  const authjsSession = async (cookie: string) => {
    const res = await fetch(`${app.url}/api/auth/session`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.json()) as { user?: { id?: string; name?: string; email?: string } } | null;
  };

  it("GET /api/auth/session tells nothing once Mailroom's session is revoked or idle", async () => {
    const revoked = await signIn();
    expect((await authjsSession(revoked.cookie))?.user?.id).toBe("555000000001");
    const home = new URL("/signed-out", app.url);
    const signedOut = await submitForm(revoked.browser, home, await (await revoked.browser.request(home)).text(), "Sign out");
    expect(signedOut.status, app.output()).toBe(303);
    await signedOut.body?.cancel();
    expect(await authjsSession(revoked.cookie)).toBeNull();

    const idle = await signIn();
    await opened.db
      .update(sessions)
      .set({ lastSeenAt: minutesAgo(IDLE_MINUTES + 1) })
      .where(eq(sessions.id, idle.sessionId));
    expect(await authjsSession(idle.cookie)).toBeNull();
  });

  it("POST /api/auth/signout revokes the server-side session, and without its CSRF token ends nothing", async () => {
    const { browser, cookie, sessionId } = await signIn();
    const forged = await browser.request(`${app.url}/api/auth/signout`, { method: "POST", headers: FORM, body: "" });
    await forged.body?.cancel();
    expect((await opened.db.select().from(sessions).where(eq(sessions.id, sessionId)))[0]?.revokedAt).toBeNull();
    expect((await authjsSession(cookie))?.user?.id).toBe("555000000001");

    const { csrfToken } = (await (await browser.request(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const res = await browser.request(`${app.url}/api/auth/signout`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ csrfToken }).toString(),
    });
    await res.body?.cancel();
    expect(res.status, app.output()).toBe(302);
    expect((await opened.db.select().from(sessions).where(eq(sessions.id, sessionId)))[0]?.revokedAt).toBeInstanceOf(Date);
    expect(await authjsSession(cookie)).toBeNull();
    const status = await fetch(`${app.url}/api/session`, { headers: { cookie } });
    expect(await status.json()).toEqual({ signedIn: false, reason: "revoked" });
    const audit = await opened.db.select().from(auditLog).where(eq(auditLog.actor, "555000000001"));
    expect(audit.map((row) => row.action)).toContain("sign-out");
  });

  it("asks for no fresh login on an ordinary sign-in", async () => {
    const authorize = await startSignIn(new Browser(), app);
    expect(authorize.searchParams.get("prompt")).toBeNull();
    expect(authorize.searchParams.get("max_age")).toBeNull();
  });

  it("after an idle timeout asks the provider for a fresh login and refuses one reused from before", async () => {
    const { browser, sessionId } = await signIn();
    await opened.db
      .update(sessions)
      .set({ lastSeenAt: minutesAgo(IDLE_MINUTES + 1) })
      .where(eq(sessions.id, sessionId));

    // The provider hands back its old login (auth_time two hours ago): refused.
    issueLoginAt(Math.floor(Date.now() / 1000) - 7200);
    const stale = await startSignIn(browser, app);
    expect(stale.searchParams.get("prompt")).toBe("login");
    expect(stale.searchParams.get("max_age")).toBe("0");
    const refused = await deliverCallback(browser, app, (await browser.follow(stale, fake.issuer)).url);
    expect(refused.location.pathname).toBe("/sign-in/problem");

    // No auth_time at all after asking for a fresh login: refused too.
    issueLoginAt(undefined);
    const missing = await startSignIn(browser, app);
    expect((await deliverCallback(browser, app, (await browser.follow(missing, fake.issuer)).url)).location.pathname).toBe(
      "/sign-in/problem",
    );

    // A login made now: in, with a new session.
    issueLoginAt(Math.floor(Date.now() / 1000));
    const fresh = await startSignIn(browser, app);
    const accepted = await deliverCallback(browser, app, (await browser.follow(fresh, fake.issuer)).url);
    expect(accepted.location.pathname, app.output()).toBe("/mailboxes");
    expect(await sessionIdFrom(accepted.setCookies, app.env.AUTH_SECRET ?? "")).not.toBe(sessionId);
  });

  it("the sign-in page's button asks for a fresh login after a revoked session", async () => {
    const { browser, sessionId } = await signIn();
    await opened.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
    const page = new URL("/sign-in", app.url);
    const res = await submitForm(browser, page, await (await browser.request(page)).text(), "Sign in with NHS Care Identity");
    await res.body?.cancel();
    const location = new URL(res.headers.get("location") ?? "", app.url);
    expect(location.origin, app.output()).toBe(fake.issuer);
    expect(location.searchParams.get("prompt")).toBe("login");
  });
});

describe.skipIf(problem !== null)(`the real identity provider after a timeout${problem ? ` (skipped: ${problem})` : ""}`, () => {
  let idp: IdentityProcess;
  let database: WebDatabase;
  let opened: OpenedDb;
  let app: WebApp;

  beforeAll(async () => {
    const port = await freePort();
    [idp, database] = await Promise.all([startIdentityProcess(mailroomClientUris(`http://localhost:${port}`)), throwawayPostgres()]);
    app = await startWebApp({
      port,
      env: { OIDC_ISSUER: idp.issuer, DATABASE_URL: database.url, SESSION_IDLE_MINUTES: String(IDLE_MINUTES) },
    });
    opened = await openDb(database.url);
  });

  afterAll(async () => {
    await app?.stop();
    await opened?.close();
    await idp?.stop();
    await database?.drop();
  });

  it("shows its login form again, instead of signing the previous person straight back in", async () => {
    const browser = new Browser();
    const first = await signInThroughIdentity(browser, app, idp.issuer, "tom.baker");
    expect(first.location.pathname, app.output()).toBe("/mailboxes");
    const sessionId = await sessionIdFrom(first.setCookies, app.env.AUTH_SECRET ?? "");
    await opened.db
      .update(sessions)
      .set({ lastSeenAt: minutesAgo(IDLE_MINUTES + 1) })
      .where(eq(sessions.id, sessionId));

    const again = await browser.follow(await startSignIn(browser, app), idp.issuer);
    await again.res.body?.cancel();
    expect(again.url.origin, `the provider sent the browser to ${again.url.href}`).toBe(idp.issuer);
    expect(again.res.status).toBe(200);
    expect(again.url.pathname).toMatch(/^\/interaction\//);
  });
});
