// Test-only: drives Mailroom's sign-in over plain HTTP, as a browser without JavaScript would.
import { randomBytes } from "node:crypto";
import { decode } from "next-auth/jwt";
import { DEMO_PEOPLE } from "@/lib/demo/data";
import { cis2Claims as identityClaims } from "@/services/identity/accounts";
import type { FakeIssuer } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";
import type { WebApp } from "./web-app";

export const SESSION_COOKIE = "authjs.session-token";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

/**
 * Auth.js's own sign-in endpoint: GET /api/auth/csrf, then POST /api/auth/signin/cis2 with the token
 * and `callbackUrl`. Returns the provider's authorization URL the app redirects to.
 */
export async function startSignIn(browser: Browser, app: WebApp, callbackUrl = "/mailboxes"): Promise<URL> {
  const csrf = await browser.request(`${app.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await browser.request(`${app.url}/api/auth/signin/cis2`, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({ csrfToken, callbackUrl }).toString(),
  });
  await res.body?.cancel();
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`sign-in did not redirect to the provider (${res.status}):\n${app.output()}`);
  return new URL(location, app.url);
}

export type CallbackResult = { res: Response; location: URL; setCookies: string[] };

/** Delivers the provider's redirect to the app's callback; returns the app's redirect and its cookies. */
export async function deliverCallback(browser: Browser, app: WebApp, callback: URL): Promise<CallbackResult> {
  if (callback.origin !== app.url || callback.pathname !== "/api/auth/callback/cis2") {
    throw new Error(`the provider did not send the browser back to the app's callback but to ${callback.href}`);
  }
  const res = await browser.request(callback);
  await res.body?.cancel();
  const location = res.headers.get("location");
  if (res.status < 300 || res.status >= 400 || !location) {
    throw new Error(`the callback answered ${res.status} without a redirect:\n${app.output()}`);
  }
  return { res, location: new URL(location, app.url), setCookies: res.headers.getSetCookie() };
}

/** The whole flow against services/identity/testing/fake-issuer.ts, whose /auth redirects straight back. */
export async function signInThroughFakeIssuer(
  browser: Browser,
  app: WebApp,
  issuer: string,
  callbackUrl = "/mailboxes",
): Promise<CallbackResult> {
  const authorize = await startSignIn(browser, app, callbackUrl);
  if (authorize.origin !== issuer) throw new Error(`sign-in went to ${authorize.origin}, not the issuer ${issuer}`);
  const { url: back } = await browser.follow(authorize, issuer);
  return deliverCallback(browser, app, back);
}

/**
 * Signs a demo person in through the fake issuer, which answers with a good ID token and userinfo for
 * them (Auth.js checks that /userinfo names the same person as the ID token). Returns their browser.
 */
export async function signInDemoPersonThroughFakeIssuer(fake: FakeIssuer, app: WebApp, username: string): Promise<Browser> {
  return signInWithClaimsThroughFakeIssuer(fake, app, cis2Claims(username), username);
}

/** As signInDemoPersonThroughFakeIssuer, for any CIS2 claims (a person made up for a benchmark, say). */
export async function signInWithClaimsThroughFakeIssuer(
  fake: FakeIssuer,
  app: WebApp,
  claims: Record<string, unknown>,
  who = String(claims.sub),
): Promise<Browser> {
  fake.userinfo = claims;
  fake.respondWith((req, f) => ({
    access_token: "at",
    token_type: "Bearer",
    expires_in: 300,
    id_token: f.idToken({ ...claims, nonce: req.nonce }),
  }));
  const browser = new Browser();
  const { location } = await signInThroughFakeIssuer(browser, app, fake.issuer);
  if (location.pathname !== "/mailboxes") throw new Error(`${who} was sent to ${location.href}, not /mailboxes:\n${app.output()}`);
  return browser;
}

/** The whole flow through the real identity provider's login page (services/identity), as `username`. */
export async function signInThroughIdentity(
  browser: Browser,
  app: WebApp,
  issuer: string,
  username: string,
  callbackUrl = "/mailboxes",
): Promise<CallbackResult> {
  const authorize = await startSignIn(browser, app, callbackUrl);
  const login = await browser.follow(authorize, issuer);
  await login.res.text();
  if (login.res.status !== 200 || !/^\/interaction\/[\w-]+$/.test(login.url.pathname)) {
    throw new Error(`expected the provider's login page, got ${login.res.status} at ${login.url.href}`);
  }
  const done = await browser.follow(new URL(`${login.url.pathname}/login`, issuer), issuer, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({ person: username }).toString(),
  });
  return deliverCallback(browser, app, done.url);
}

/** Names of the Auth.js session cookie (or its chunks, `.0`, `.1`…) the browser holds. */
export function sessionCookies(browser: Browser): string[] {
  return browser.cookieNames().filter((name) => name.startsWith(SESSION_COOKIE));
}

/** The server-side session id inside the encrypted session cookie the app just set. */
export async function sessionIdFrom(setCookies: readonly string[], secret: string): Promise<string> {
  const parts = setCookies
    .map((line) => line.split(";")[0] ?? "")
    .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)] as const)
    .filter(([name, value]) => value !== "" && (name === SESSION_COOKIE || name.startsWith(`${SESSION_COOKIE}.`)))
    .sort(([a], [b]) => Number(a.slice(SESSION_COOKIE.length + 1) || 0) - Number(b.slice(SESSION_COOKIE.length + 1) || 0));
  if (parts.length === 0) throw new Error("the response set no session cookie");
  const token = await decode({ token: parts.map(([, value]) => value).join(""), secret, salt: SESSION_COOKIE });
  if (typeof token?.sessionId !== "string") throw new Error("the session cookie holds no session id");
  return token.sessionId;
}

/** The CIS2 claims the local identity provider sends for a demo person (its own function), with a fresh `sid`. */
export function cis2Claims(username: string): Record<string, unknown> {
  const person = DEMO_PEOPLE.find((p) => p.username === username);
  if (!person) throw new Error(`no demo person ${username}`);
  return { ...identityClaims(person), sid: randomBytes(12).toString("base64url") };
}

/** The `Cookie` header a browser would send with the session cookie(s) from these Set-Cookie lines. */
export function sessionCookieHeader(setCookies: readonly string[]): string {
  return setCookies
    .map((line) => line.split(";")[0] ?? "")
    .filter((pair) => pair.startsWith(SESSION_COOKIE) && !pair.endsWith("="))
    .join("; ");
}

/** A browser, or just a copied `Cookie` header (for example a session cookie kept after signing out). */
export type Visitor = Browser | { cookie: string };

function get(visitor: Visitor, url: string): Promise<Response> {
  if ("cookie" in visitor) return fetch(url, { headers: { cookie: visitor.cookie }, redirect: "manual" });
  return visitor.request(url);
}

/** What the app says about a visitor's session, three ways: its API, Auth.js, and a signed-in page. */
export async function sessionSeenBy(visitor: Visitor, app: WebApp) {
  const api = await get(visitor, `${app.url}/api/session`);
  const apiBody = (await api.json()) as { signedIn: boolean; reason?: string };
  const authjs = await get(visitor, `${app.url}/api/auth/session`);
  const authjsBody = (await authjs.json()) as { user?: { id?: string } } | null;
  const page = await get(visitor, `${app.url}/mailboxes`);
  await page.body?.cancel();
  const pageLocation = page.headers.get("location");
  return {
    apiStatus: api.status,
    apiBody,
    authjsUser: authjsBody?.user?.id ?? null,
    pageStatus: page.status,
    pageLocation: pageLocation ? new URL(pageLocation, app.url) : null,
  };
}

const decodeEntities = (s: string) =>
  s.replace(
    /&(quot|amp|lt|gt|#x27|#39);/g,
    (_m, e: string) => ({ quot: '"', amp: "&", lt: "<", gt: ">", "#x27": "'", "#39": "'" })[e] ?? _m,
  );

/**
 * Submits the page's form whose markup contains `marker` the way a browser without JavaScript does:
 * a multipart POST of its fields (for a server action, Next's hidden `$ACTION_…` fields) to its action.
 * Returns the answer unfollowed.
 */
export async function submitForm(browser: Browser, page: URL, html: string, marker: string): Promise<Response> {
  const form = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].find((m) => m[2]?.includes(marker));
  if (!form) throw new Error(`no form containing ${JSON.stringify(marker)} on ${page.href}`);
  const action = decodeEntities(/\baction="([^"]*)"/.exec(form[1] ?? "")?.[1] ?? "");
  const body = new FormData();
  for (const [input] of (form[2] ?? "").matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    if (name) body.append(decodeEntities(name), decodeEntities(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? ""));
  }
  const target = action ? new URL(action, page) : page;
  return browser.request(target, { method: "POST", body, headers: { origin: page.origin } });
}
