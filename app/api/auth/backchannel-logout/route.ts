import { handleLogoutToken } from "@/lib/auth/backchannel-logout";
import { readCappedText } from "@/lib/http/capped-body";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

// A logout token is a signed JWT of well under 2 KB; anything near this size is not one.
const MAX_BODY_BYTES = 16 * 1024;

const refused = (status: number, description: string) =>
  Response.json({ error: "invalid_request", error_description: description }, { status, headers: noStore });

/** The identity provider calls this (server to server) when a person signs out elsewhere. */
export async function POST(request: Request) {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "")) {
    return refused(415, "the body must be application/x-www-form-urlencoded");
  }
  const body = await readCappedText(request, MAX_BODY_BYTES);
  if (!body.ok) {
    return body.reason === "too-large" ? refused(413, "the body is too large") : refused(400, "the body could not be read");
  }
  const logoutToken = new URLSearchParams(body.text).get("logout_token");
  if (!logoutToken) return refused(400, "logout_token is missing");
  try {
    await handleLogoutToken(logoutToken);
    return new Response(null, { status: 200, headers: noStore });
  } catch (error) {
    // The reason goes to the log only: a library's message would tell a forger which check failed.
    log.warn(errorFields(error), "back-channel logout token refused");
    return refused(400, "the logout token was not accepted");
  }
}
