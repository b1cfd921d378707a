import { NextResponse, type NextRequest } from "next/server";
import { refuseMalformedActionCall } from "@/lib/http/action-body";
import { MAILROOM_REQUEST_ID, chooseRequestId } from "@/lib/http/request-id";
import { isDecodablePath } from "@/lib/http/url-text";
import { STRICT_TRANSPORT_SECURITY, contentSecurityPolicy, newNonce, originOf } from "@/lib/security/headers";

/** Pages that need a signed-in person; only for the early redirect below. */
const SIGNED_IN_PAGES = /^\/mailboxes(\/|$)/;
const SESSION_COOKIES = ["authjs.session-token", "__Host-authjs.session-token"];

/**
 * Security headers with a per-request CSP nonce, and an early redirect to sign in for visitors with
 * no session cookie at all. This is not a security boundary: every page, route handler and action
 * checks the session and the mailbox itself.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Next cannot decode such a path and would answer its own bare 500, before any page or handler runs.
  if (!isDecodablePath(pathname)) return undecodablePath(request, pathname);
  const malformed = await refuseMalformedActionCall(request);
  if (malformed) return malformed;
  const hasSessionCookie = request.cookies.getAll().some((cookie) => SESSION_COOKIES.some((name) => cookie.name.startsWith(name)));
  if (SIGNED_IN_PAGES.test(pathname) && !hasSessionCookie) {
    const signIn = new URL("/sign-in", request.nextUrl);
    signIn.searchParams.set("returnTo", `${pathname}${search}`);
    return withSecurityHeaders(request, NextResponse.redirect(signIn), newNonce());
  }

  const nonce = newNonce();
  const csp = policy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // Next reads the nonce from the request's CSP and puts it on its own script tags.
  requestHeaders.set("Content-Security-Policy", csp);
  // Lets pages offer "sign in and come back here"; only ever used after safeReturnPath checks it.
  requestHeaders.set("x-mailroom-path", `${pathname}${search}`);
  const id = chooseRequestId(request.headers, process.env.REQUEST_ID_HEADER);
  requestHeaders.set(MAILROOM_REQUEST_ID, id);
  const response = withSecurityHeaders(request, NextResponse.next({ request: { headers: requestHeaders } }), nonce);
  // Given back, so a person reporting a problem can quote it and support can find the log lines.
  response.headers.set("X-Request-Id", id);
  return response;
}

function undecodablePath(request: NextRequest, pathname: string) {
  if (pathname.startsWith("/api/")) {
    return Response.json({ error: "This web address is not valid." }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  // No such page: the app's own "Page not found", with its 404 status.
  return withSecurityHeaders(request, NextResponse.rewrite(new URL("/page-not-found", request.nextUrl)), newNonce());
}

function policy(nonce: string) {
  return contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === "development",
    formTargets: originOf(process.env.OIDC_ISSUER),
  });
}

function withSecurityHeaders(request: NextRequest, response: NextResponse, nonce: string) {
  response.headers.set("Content-Security-Policy", policy(nonce));
  if (request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https") {
    response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  }
  return response;
}

export const config = {
  // Upload routes stay out: a proxy that matches a route cuts its body to 10 MB, silently.
  // File content routes stay out too: they set their own sandbox CSP, which the page CSP here would replace.
  // A segment holding `%` is let in, so an address Next cannot decode is answered here.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|api/mailboxes/[^/%]+/outbox|api/mailboxes/[^/%]+/messages/[^/%]+/content|api/mailboxes/[^/%]+/messages/[^/%]+/preview).*)",
  ],
};
