// Return paths never leave Mailroom's origin, checked through the built app over HTTP (issue 5,
// item 6.2). safeReturnPath's own cases are in return-to.test.ts; these check every way a return path
// reaches a redirect: /sign-in's `returnTo`, the sign-in form's `redirectTo`, and Auth.js's `callbackUrl`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeIssuer } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";
import type { WebApp } from "@/lib/testing/web-app";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, deliverCallback, signInThroughFakeIssuer, startSignIn, submitForm } from "@/lib/testing/web-sign-in";

const HOSTILE = [
  "//evil.example",
  "//evil.example/phish",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "https://evil.example/",
  "http:evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "/\t/evil.example",
  " //evil.example",
];
const GOOD = "/mailboxes/Y90001OT/inbox?page=2";

let stack: SignInStack;
let fake: FakeIssuer;
let app: WebApp;

beforeAll(async () => {
  stack = await startSignInStack({ issuer: { claims: cis2Claims("priya.shah") } });
  ({ fake, app } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

/** Where a redirect sends the browser, resolved the way browsers resolve it (WHATWG URL, `\` as `/`). */
function target(res: Response, base: string): URL {
  const location = res.headers.get("location");
  expect(location, `status ${res.status} without a Location`).toBeTruthy();
  return new URL(location ?? "", base);
}

const signInPage = (returnTo: string, app: WebApp) => new URL(`/sign-in?${new URLSearchParams({ returnTo })}`, app.url);

describe("/sign-in?returnTo= for someone already signed in", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = new Browser();
    const { location } = await signInThroughFakeIssuer(browser, app, fake.issuer);
    expect(location.href, app.output()).toBe(`${app.url}/mailboxes`);
  });

  it.each(HOSTILE)("sends %j to the mailbox list on our own origin", async (returnTo) => {
    const res = await browser.request(signInPage(returnTo, app));
    await res.body?.cancel();
    expect(res.status).toBe(307);
    expect(target(res, app.url).href).toBe(`${app.url}/mailboxes`);
  });

  it("follows a return path on this site (the control)", async () => {
    const res = await browser.request(signInPage(GOOD, app));
    await res.body?.cancel();
    expect(res.status).toBe(307);
    expect(target(res, app.url).href).toBe(`${app.url}${GOOD}`);
  });
});

describe("the sign-in form's redirectTo, submitted without JavaScript", () => {
  /** GET /sign-in?returnTo=…, submit its form, go through the provider; where the app sends the browser after the callback. */
  async function landing(returnTo: string): Promise<URL> {
    const browser = new Browser();
    const page = signInPage(returnTo, app);
    const res = await browser.request(page);
    expect(res.status).toBe(200);
    const submitted = await submitForm(browser, page, await res.text(), "Sign in with NHS Care Identity");
    await submitted.body?.cancel();
    expect(submitted.status, app.output()).toBe(303);
    const authorize = target(submitted, app.url);
    expect(authorize.origin).toBe(fake.issuer);
    const { url: back } = await browser.follow(authorize, fake.issuer);
    return (await deliverCallback(browser, app, back)).location;
  }

  it.each(HOSTILE)("lands %j on the mailbox list on our own origin", async (returnTo) => {
    expect((await landing(returnTo)).href).toBe(`${app.url}/mailboxes`);
  });

  it("lands on a return path on this site (the control)", async () => {
    expect((await landing(GOOD)).href).toBe(`${app.url}${GOOD}`);
  });
});

describe("Auth.js's callbackUrl, posted straight to /api/auth/signin/cis2", () => {
  it.each(HOSTILE)("keeps %j on our own origin", async (callbackUrl) => {
    const browser = new Browser();
    const csrf = (await (await browser.request(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const posted = await browser.request(`${app.url}/api/auth/signin/cis2`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl }).toString(),
    });
    await posted.body?.cancel();
    // Mailroom refuses a callback URL that could leave the site before Auth.js sees it.
    if (posted.status === 400) return;
    const first = await startSignIn(browser, app, callbackUrl);
    // Auth.js refuses some callback URLs at once (to the sign-in problem page); the rest go to the provider and back.
    const landing =
      first.origin === fake.issuer ? (await deliverCallback(browser, app, (await browser.follow(first, fake.issuer)).url)).location : first;
    expect(landing.origin).toBe(app.url);
    expect(landing.protocol).toBe("http:");
  });

  it("follows a callbackUrl on this site (the control)", async () => {
    const { location } = await signInThroughFakeIssuer(new Browser(), app, fake.issuer, GOOD);
    expect(location.href).toBe(`${app.url}${GOOD}`);
  });
});
