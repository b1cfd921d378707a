// A request that claims to be Next's own middleware subrequest (the `x-middleware-subrequest` header of
// CVE-2025-29927) gets no further than any other unauthenticated request (issue 5, item 6.5). Checked
// against every signed-in page and mailbox API route in the build, so new routes are covered too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtRoutes, type WebApp } from "@/lib/testing/web-app";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";

const SUBREQUEST_HEADERS = [
  "proxy:proxy:proxy:proxy:proxy",
  "middleware:middleware:middleware:middleware:middleware",
  "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy",
  "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
  "proxy",
  "middleware",
];
// Not a session: a cookie with the right name gets past the proxy's early redirect, never further.
const MADE_UP_COOKIE = "authjs.session-token=not-a-real-session";

/** A concrete path for a route pattern: a real demo mailbox id, a made-up value for anything else. */
function concrete(route: string): string {
  return route
    .replace(/\[mailboxId\]/g, "Y90001OT")
    .replace(/\/\[\[\.\.\.[^\]]+\]\]/g, "")
    .replace(/\[\.\.\.[^\]]+\]/g, "x")
    .replace(/\[[^\]]+\]/g, "20260101000000_ABCDEF");
}

const { pages, handlers } = builtRoutes();
const signedInPages = pages.filter((route) => route.startsWith("/mailboxes")).map(concrete);
const signedInApis = handlers.filter((route) => route === "/api/session" || route.startsWith("/api/mailboxes/")).map(concrete);

let stack: SignInStack;
let app: WebApp;

beforeAll(async () => {
  stack = await startSignInStack();
  ({ app } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

type Outcome = { status: number; location: string | null; proxied: boolean };

/** One request, unfollowed; GET, or POST for a route handler that has no GET. */
async function outcome(path: string, headers: Record<string, string>): Promise<Outcome> {
  let res = await fetch(`${app.url}${path}`, { headers, redirect: "manual" });
  if (res.status === 405) {
    await res.body?.cancel();
    res = await fetch(`${app.url}${path}`, { method: "POST", headers: { ...headers, origin: app.url }, redirect: "manual" });
  }
  await res.body?.cancel();
  return {
    status: res.status,
    location: res.headers.get("location"),
    // proxy.ts puts a per-request CSP nonce on everything it handles: proof it was not skipped.
    proxied: /'nonce-[^']+'/.test(res.headers.get("content-security-policy") ?? ""),
  };
}

describe("x-middleware-subrequest", () => {
  it("the build has signed-in pages and APIs to check", () => {
    expect(signedInPages).toContain("/mailboxes");
    expect(signedInPages).toContain("/mailboxes/Y90001OT/inbox");
    expect(signedInApis).toContain("/api/session");
  });

  describe.each([
    ["no cookie", {}],
    ["a made-up session cookie", { cookie: MADE_UP_COOKIE }],
  ])("with %s", (_name, base: Record<string, string>) => {
    it.each(signedInPages)("%s redirects to sign-in, with or without the header", async (path) => {
      const plain = await outcome(path, base);
      expect(plain.status).toBe(307);
      const location = new URL(plain.location ?? "", app.url);
      expect(location.origin + location.pathname).toBe(`${app.url}/sign-in`);
      expect(location.searchParams.get("returnTo")).toBe(path);
      expect(plain.proxied).toBe(true);
      for (const value of SUBREQUEST_HEADERS) {
        expect(await outcome(path, { ...base, "x-middleware-subrequest": value }), value).toEqual(plain);
      }
    });

    it.each(signedInApis)("%s answers 401, with or without the header", async (path) => {
      const plain = await outcome(path, base);
      expect(plain.status, app.output()).toBe(401);
      for (const value of SUBREQUEST_HEADERS) {
        expect(await outcome(path, { ...base, "x-middleware-subrequest": value }), value).toEqual(plain);
      }
    });
  });
});
