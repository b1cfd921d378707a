import "server-only";
import type { NextRequest } from "next/server";
import { refuseBadCallbackUrl, withoutBadCallbackUrl } from "./callback-url";
import { endMailroomSession } from "./end-session";
import { handlers } from "./next-auth";
import { endSessionUrl } from "./provider-metadata";
import { checkUser } from "./session";
import { getIdToken, sessionCookieName } from "./session-token";

/*
 * Auth.js's own endpoints, held to Mailroom's server-side session: its cookie alone outlives a
 * sign-out, an idle timeout or a revocation, so /session answers only for a live session and
 * /signout revokes the session as Mailroom's own sign-out does.
 */

const endpoint = (request: NextRequest) => request.nextUrl.pathname.replace(/^\/api\/auth\/?/, "");

/** Auth.js answers `null` to /session when nobody is signed in. */
async function sessionOrNull(request: NextRequest, handler: (request: NextRequest) => Promise<Response>): Promise<Response> {
  const check = await checkUser({ activity: false });
  if (!check.user) return Response.json(null, { headers: { "Cache-Control": "no-store" } });
  return handler(request);
}

/** True when Auth.js's response deletes the session cookie (or one of its chunks): the sign-out went through. */
function clearsSessionCookie(response: Response): boolean {
  const name = sessionCookieName();
  return response.headers
    .getSetCookie()
    .some((line) => (line.startsWith(`${name}=`) || line.startsWith(`${name}.`)) && /;\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(line));
}

async function signOut(request: NextRequest): Promise<Response> {
  // Read before Auth.js answers: the person, the session and the ID token all come from the cookie.
  const [check, idToken] = await Promise.all([checkUser({ activity: false }), getIdToken()]);
  const response = await handlers.POST(request);
  if (!clearsSessionCookie(response)) return response; // refused (no CSRF token): nothing ended
  await endMailroomSession(check.user?.id ?? null);
  // As Mailroom's own sign-out: end the provider's session too, so the next person must sign in afresh.
  const providerSignOut = response.status >= 300 && response.status < 400 ? await endSessionUrl(idToken) : null;
  if (providerSignOut) response.headers.set("Location", providerSignOut.href);
  return response;
}

export function GET(given: NextRequest): Promise<Response> {
  const request = withoutBadCallbackUrl(given);
  return endpoint(request) === "session" ? sessionOrNull(request, handlers.GET) : handlers.GET(request);
}

export async function POST(request: NextRequest): Promise<Response> {
  const refused = await refuseBadCallbackUrl(request);
  if (refused) return refused;
  const name = endpoint(request);
  if (name === "session") return sessionOrNull(request, handlers.POST);
  if (name === "signout") return signOut(request);
  return handlers.POST(request);
}
