// Faults behind the web app other than MESH (issue 18, item 3), with the real processes: the app
// database unreachable (a throwaway PostgreSQL database reached through a fault proxy), and the
// identity provider down. The web app is never restarted.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "@/lib/testing/fault-proxy";
import { startWebApp, type WebApp } from "@/lib/testing/web-app";
import { postgresProblem, throwawayPostgres, postgresServerUrl, type WebDatabase } from "@/lib/testing/web-database";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import { startFakeIssuer, type FakeIssuer } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";

const PRACTICE = "Y90001OT";
const PROBLEM_HEADING = "Sorry, there is a problem with the service";

const noServer = await postgresProblem();
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let fake: FakeIssuer;
let database: WebDatabase;
let proxy: FaultProxy;
let app: WebApp;
let priya: Browser;
let fakeClosed = false;

beforeAll(async () => {
  if (noServer) return;
  [fake, database] = await Promise.all([startFakeIssuer({ claims: cis2Claims("priya.shah") }), throwawayPostgres()]);
  const server = new URL(postgresServerUrl());
  proxy = await startFaultProxy({ host: server.hostname, port: Number(server.port || 5432) });
  app = await startWebApp({ env: { OIDC_ISSUER: fake.issuer, DATABASE_URL: proxy.url(database.url) } });
  priya = await signInDemoPersonThroughFakeIssuer(fake, app, "priya.shah");
});

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  if (!fakeClosed) await fake?.close();
  await database?.drop();
});

/** Nothing of how the app failed may reach the page: no stack, no driver message, no address. */
function expectNoInternals(html: string) {
  for (const leak of ["ECONNREFUSED", "ECONNRESET", "at async", "node_modules", "127.0.0.1", "Connection terminated", "pg-pool"]) {
    expect(html).not.toContain(leak);
  }
}

describe.skipIf(noServer || !existsSync(CHROMIUM))("the database unreachable", () => {
  it("shows the problem page without a stack trace, and recovers when the database is back", async () => {
    const inbox = `${app.url}/mailboxes/${PRACTICE}/inbox`;
    expect((await priya.request(inbox)).status, app.output()).toBe(200);
    // React renders error pages in the browser (the server sends an error shell), so a real browser looks.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    try {
      const context = await browser.newContext();
      const session = priya
        .cookieHeader(new URL(inbox))
        .split("; ")
        .map((pair) => pair.split("="));
      await context.addCookies(session.map(([name = "", ...value]) => ({ name, value: value.join("="), url: app.url })));
      const page = await context.newPage();
      await page.goto(inbox);
      await expect.poll(() => page.locator("h1").first().textContent()).toBe("Inbox");

      await proxy.setMode({ kind: "refuse" });
      const down = await page.goto(inbox);
      expect(down?.status()).toBe(500);
      await expect.poll(() => page.locator("h1").first().textContent(), { timeout: 15_000 }).toBe(PROBLEM_HEADING);
      expectNoInternals(await page.content());
      expectNoInternals((await down?.text()) ?? "");

      await proxy.setMode({ kind: "pass" });
      await page.goto(inbox);
      await expect.poll(() => page.locator("h1").first().textContent(), { timeout: 15_000 }).toBe("Inbox");
    } finally {
      await browser.close();
    }
  });

  it("answers the session API with a 5xx and no internals while it is down, and the health check still answers", async () => {
    await proxy.setMode({ kind: "refuse" });
    const api = await priya.request(`${app.url}/api/session`);
    expect(api.status).toBeGreaterThanOrEqual(500);
    expectNoInternals(await api.text());
    // The web process is still up: its health answer does not need the database.
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);

    await proxy.setMode({ kind: "pass" });
    const back = await priya.request(`${app.url}/api/session`);
    expect(back.status, app.output()).toBe(200);
    await back.body?.cancel();
  });
});

describe.skipIf(noServer)("the identity provider down", () => {
  it("makes the sign-in page say so, and the page a sign-in attempt ends on too", async () => {
    await fake.close();
    fakeClosed = true;
    const page = await fetch(`${app.url}/sign-in`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("NHS Care Identity is not answering");
    expect(html).toContain("You cannot sign in at the moment");

    // Auth.js cannot read the provider's discovery document, so it sends the browser to the problem page.
    const browser = new Browser();
    const { csrfToken } = (await (await browser.request(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const attempt = await browser.request(`${app.url}/api/auth/signin/cis2`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/mailboxes" }).toString(),
    });
    await attempt.body?.cancel();
    const problemPage = new URL(attempt.headers.get("location") ?? "", app.url);
    expect(problemPage.pathname, app.output()).toBe("/sign-in/problem");
    const problem = await browser.request(problemPage);
    expect(await problem.text()).toContain("NHS Care Identity is not answering");
  });
});
