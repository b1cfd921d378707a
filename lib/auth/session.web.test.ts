// Server-side sessions through the built app (issue 5, item 6.3): idle and absolute expiry, and two web
// processes on one PostgreSQL database agreeing on grants and on revoked sessions.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type OpenedDb } from "@/lib/db";
import { revokeSession } from "@/lib/db/queries/sessions";
import { grants, mailboxes, sessions } from "@/lib/db/schema";
import { startWebApp, type WebApp } from "@/lib/testing/web-app";
import { postgresProblem, throwawayPostgres, type WebDatabase } from "@/lib/testing/web-database";
import {
  cis2Claims,
  sessionCookieHeader,
  sessionIdFrom,
  sessionSeenBy,
  signInThroughFakeIssuer,
  submitForm,
  type Visitor,
} from "@/lib/testing/web-sign-in";
import { startFakeIssuer, type FakeIssuer } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";

const IDLE_MINUTES = 30;
const MAX_HOURS = 12;
const PRIYA = "555000000001";
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

// Two processes can only share a real server; PGlite belongs to one process.
const problem = await postgresProblem();
if (problem) console.warn(`lib/auth/session.web.test.ts skipped: ${problem}`);

describe.skipIf(problem !== null)(
  `sessions across two web processes on one PostgreSQL database${problem ? ` (skipped: ${problem})` : ""}`,
  () => {
    let fake: FakeIssuer;
    let database: WebDatabase;
    let opened: OpenedDb;
    let a: WebApp;
    let b: WebApp;

    beforeAll(async () => {
      fake = await startFakeIssuer({ claims: cis2Claims("priya.shah") });
      database = await throwawayPostgres();
      const shared = {
        OIDC_ISSUER: fake.issuer,
        DATABASE_URL: database.url,
        // One deployment: both processes share the cookie secret and the database.
        AUTH_SECRET: `web-test-${"s".repeat(40)}`,
        CREDENTIALS_KEY: Buffer.alloc(32, 7).toString("base64"),
        SESSION_IDLE_MINUTES: String(IDLE_MINUTES),
        SESSION_MAX_HOURS: String(MAX_HOURS),
      };
      [a, b] = await Promise.all([startWebApp({ env: shared }), startWebApp({ env: shared })]);
      opened = await openDb(database.url);
    });

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await opened?.close();
      await fake?.close();
      await database?.drop();
    });

    /** Signs Priya in through process A; returns her cookie (as a browser would hold it) and the session id. */
    async function signIn() {
      const browser = new Browser();
      const { location, setCookies } = await signInThroughFakeIssuer(browser, a, fake.issuer);
      expect(location.href, a.output()).toBe(`${a.url}/mailboxes`);
      return { browser, cookie: sessionCookieHeader(setCookies), sessionId: await sessionIdFrom(setCookies, a.env.AUTH_SECRET ?? "") };
    }

    async function expectSignedIn(visitor: Visitor, app: WebApp) {
      const seen = await sessionSeenBy(visitor, app);
      expect(seen.apiStatus, app.output()).toBe(200);
      expect(seen.apiBody.signedIn).toBe(true);
      expect(seen.pageLocation?.href).toBe(`${app.url}/mailboxes/Y90001OT/inbox`);
    }

    async function expectRefused(cookie: string, app: WebApp, reason: "idle" | "absolute" | "revoked") {
      const seen = await sessionSeenBy({ cookie }, app);
      expect(seen.apiStatus).toBe(401);
      expect(seen.apiBody).toEqual({ signedIn: false, reason });
      expect(seen.pageStatus).toBe(307);
      expect(seen.pageLocation?.origin).toBe(app.url);
      expect(seen.pageLocation?.pathname).toBe("/sign-in");
      expect(Object.fromEntries(seen.pageLocation?.searchParams ?? [])).toEqual({ returnTo: "/mailboxes", reason });
      // "Stay signed in" (a POST, which counts as activity) cannot bring it back either.
      const stay = await fetch(`${app.url}/api/session`, { method: "POST", headers: { cookie } });
      expect(stay.status).toBe(401);
      await stay.body?.cancel();
    }

    it("a session started through one process is good in the other", async () => {
      const { browser } = await signIn();
      await expectSignedIn(browser, a);
      await expectSignedIn(browser, b);
    });

    it("both processes see a grant added to and removed from the database", async () => {
      const { cookie } = await signIn();
      const mailboxList = async (app: WebApp) => {
        const res = await fetch(`${app.url}/mailboxes`, { headers: { cookie }, redirect: "manual" });
        return { status: res.status, location: res.headers.get("location"), html: await res.text() };
      };
      for (const app of [a, b]) expect((await mailboxList(app)).location).toBe("/mailboxes/Y90001OT/inbox");

      // A second mailbox of Priya's own practice: a grant elsewhere would not count (ADR 0016). Listing never decrypts.
      await opened.db.insert(mailboxes).values({
        mailboxId: "Y90001XX",
        displayName: "Riverside second",
        odsCode: "Y90001",
        passwordEncrypted: "-",
        sharedKeyEncrypted: "-",
      });
      await opened.db.insert(grants).values({ personId: PRIYA, mailboxId: "Y90001XX", role: "member", grantedBy: "system" });
      try {
        for (const app of [a, b]) {
          const list = await mailboxList(app);
          expect(list.status).toBe(200);
          expect(list.html).toContain("Your mailboxes");
          expect(list.html).toContain("/mailboxes/Y90001XX/inbox");
          expect(list.html).toContain("/mailboxes/Y90001OT/inbox");
        }
      } finally {
        await opened.db.delete(mailboxes).where(eq(mailboxes.mailboxId, "Y90001XX"));
      }
      for (const app of [a, b]) expect((await mailboxList(app)).location).toBe("/mailboxes/Y90001OT/inbox");
    });

    it(`ends a session idle for more than ${IDLE_MINUTES} minutes, in both processes`, async () => {
      const { cookie, sessionId } = await signIn();
      // Just inside the window it still works (and that request counts as activity).
      await opened.db
        .update(sessions)
        .set({ lastSeenAt: minutesAgo(IDLE_MINUTES - 1) })
        .where(eq(sessions.id, sessionId));
      await expectSignedIn({ cookie }, b);
      await opened.db
        .update(sessions)
        .set({ lastSeenAt: minutesAgo(IDLE_MINUTES + 1) })
        .where(eq(sessions.id, sessionId));
      await expectRefused(cookie, a, "idle");
      await expectRefused(cookie, b, "idle");
    });

    it(`ends a session at its absolute limit, however active, in both processes`, async () => {
      const { cookie, sessionId } = await signIn();
      await opened.db
        .update(sessions)
        .set({ expiresAt: minutesAgo(-1) })
        .where(eq(sessions.id, sessionId));
      await expectSignedIn({ cookie }, a);
      await opened.db
        .update(sessions)
        .set({ expiresAt: minutesAgo(1), lastSeenAt: new Date() })
        .where(eq(sessions.id, sessionId));
      await expectRefused(cookie, a, "absolute");
      await expectRefused(cookie, b, "absolute");
    });

    it("signing out through one process ends the session in the other, even for a copy of the cookie", async () => {
      const { browser, cookie, sessionId } = await signIn();
      await expectSignedIn({ cookie }, b);

      const home = new URL("/signed-out", a.url);
      const page = await browser.request(home);
      expect(page.status).toBe(200);
      const signedOut = await submitForm(browser, home, await page.text(), "Sign out");
      await signedOut.body?.cancel();
      expect(signedOut.status, a.output()).toBe(303);
      // The fake issuer has no end-session endpoint, so the app sends the browser to its own page.
      expect(new URL(signedOut.headers.get("location") ?? "", a.url).href).toBe(`${a.url}/signed-out`);

      const [row] = await opened.db.select().from(sessions).where(eq(sessions.id, sessionId));
      expect(row?.revokedAt).toBeInstanceOf(Date);
      await expectRefused(cookie, a, "revoked");
      await expectRefused(cookie, b, "revoked");
    });

    it("a session revoked in the database (as back-channel logout does) is refused by both processes", async () => {
      const { cookie, sessionId } = await signIn();
      await expectSignedIn({ cookie }, a);
      expect(await revokeSession(opened.db, sessionId)).toBe(true);
      await expectRefused(cookie, a, "revoked");
      await expectRefused(cookie, b, "revoked");
    });
  },
);
