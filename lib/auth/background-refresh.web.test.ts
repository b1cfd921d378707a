// Issue 5, item 3: background requests do not count as activity for the idle timeout. A route handler says
// so itself (`activity: false`); the inbox re-rendering itself when its poll sees new messages (issue 6,
// item 2) reaches server components instead. Requests are made as Next's router makes them: `rsc: 1`, and
// `sec-fetch-mode: cors` (fetch sets it) unless stated. The browser journey checks the whole thing.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import type { Browser } from "@/services/identity/testing/http-client";
import { BACKGROUND_REFRESH_COOKIE } from "./background-refresh";

let stack: SignInStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startSignInStack({ issuer: { claims: cis2Claims("grace.okafor") } });
  browser = await signInDemoPersonThroughFakeIssuer(stack.fake, stack.app, "grace.okafor");
});

afterAll(async () => {
  await stack?.stop();
});

/** When the session ends if nothing else happens (asking does not count as activity). */
async function idleEndsAt(): Promise<number> {
  const res = await browser.request(`${stack.app.url}/api/session`);
  expect(res.status).toBe(200);
  return Date.parse(((await res.json()) as { idleExpiresAt: string }).idleExpiresAt);
}

/** Renders the mailbox list (grace.okafor has two mailboxes, so it is a page, not a redirect), which checks the session. */
async function render(headers: Record<string, string> = {}): Promise<void> {
  const url = new URL(`${stack.app.url}/mailboxes`);
  let res = await browser.request(url, { headers });
  if (res.status === 307 && headers.rsc) {
    // Next checks a server-component fetch's `_rsc` parameter against its headers and redirects to the
    // right one, which Next's router in a browser computes itself.
    await res.body?.cancel();
    res = await browser.request(new URL(res.headers.get("location") ?? "", url), { headers });
  }
  await res.text();
  expect(res.status, `${res.headers.get("location")}`).toBe(200);
}

/** Loads the mailbox list as a page (fetch cannot send `sec-fetch-mode: navigate`, so plain HTTP). */
async function navigate(): Promise<void> {
  const url = new URL(`${stack.app.url}/mailboxes`);
  const headers = { cookie: browser.cookieHeader(url), "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" };
  const status = await new Promise<number>((resolve, reject) => {
    http.get(url, { headers }, (res) => res.resume().on("end", () => resolve(res.statusCode ?? 0))).on("error", reject);
  });
  expect(status).toBe(200);
}

describe("requests the browser makes by itself", () => {
  it("the page refreshing itself does not keep the session alive", async () => {
    const before = await idleEndsAt();
    browser.setCookie(BACKGROUND_REFRESH_COOKIE, "1");
    await render({ rsc: "1" });
    expect(await idleEndsAt()).toBe(before);
  });

  it("a page the person opens still counts, even while the mark is set", async () => {
    browser.setCookie(BACKGROUND_REFRESH_COOKIE, "1");
    let before = await idleEndsAt();
    await navigate();
    expect(await idleEndsAt()).toBeGreaterThan(before);
    // A navigation inside the app once the refresh is over.
    browser.setCookie(BACKGROUND_REFRESH_COOKIE, "");
    before = await idleEndsAt();
    await render({ rsc: "1" });
    expect(await idleEndsAt()).toBeGreaterThan(before);
  });
});
