import "server-only";
import { NextRequest } from "next/server";
import { safeReturnPath } from "./return-to";

/*
 * Auth.js reads `callbackUrl` from the query or the form on any of its endpoints and answers a value
 * it cannot parse with a 500 ("server configuration"). Mailroom decides first: a path on this site,
 * or an absolute URL on this origin, goes on; anything else is dropped from a GET and refused on a POST.
 */

export function isAcceptableCallbackUrl(value: string, origin: string): boolean {
  if (safeReturnPath(value, "") !== "") return true;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return false;
  try {
    return new URL(value).origin === origin;
  } catch {
    return false;
  }
}

/** The GET request with an unacceptable `callbackUrl` taken out of its query. */
export function withoutBadCallbackUrl(request: NextRequest): NextRequest {
  const url = request.nextUrl;
  const values = url.searchParams.getAll("callbackUrl");
  if (values.length === 0 || (values.length === 1 && isAcceptableCallbackUrl(values[0]!, url.origin))) return request;
  const cleaned = url.clone();
  cleaned.searchParams.delete("callbackUrl");
  return new NextRequest(cleaned, { method: request.method, headers: request.headers });
}

/** For a POST: a 400 when its query or form carries an unacceptable `callbackUrl`, otherwise null. */
export async function refuseBadCallbackUrl(request: NextRequest): Promise<Response | null> {
  const origin = request.nextUrl.origin;
  const given = [...request.nextUrl.searchParams.getAll("callbackUrl")];
  if ((request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(await request.clone().text());
    given.push(...form.getAll("callbackUrl"));
  }
  if (given.every((value) => isAcceptableCallbackUrl(value, origin))) return null;
  return Response.json({ error: "The address to return to after signing in is not on this site." }, { status: 400 });
}
