import { NextResponse, type NextRequest } from "next/server";
import { STRICT_TRANSPORT_SECURITY, contentSecurityPolicy, newNonce, originOf } from "@/lib/security/headers";

/**
 * Security headers with a per-request CSP nonce. This is not a security boundary: every page,
 * route handler and action checks the session and the mailbox itself.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === "development",
    formTargets: originOf(process.env.OIDC_ISSUER),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // Next reads the nonce from the request's CSP and puts it on its own script tags.
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  const forwardedProto = request.headers.get("x-forwarded-proto");
  if (request.nextUrl.protocol === "https:" || forwardedProto === "https") {
    response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  }
  return response;
}

export const config = {
  // Upload routes stay out: a proxy that matches a route cuts its body to 10 MB (toolchain G14).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/mailboxes/[^/]+/outbox).*)"],
};
