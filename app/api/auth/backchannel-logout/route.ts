import { handleLogoutToken } from "@/lib/auth/backchannel-logout";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/** The identity provider calls this (server to server) when a person signs out elsewhere. */
export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  const logoutToken = form?.get("logout_token");
  if (typeof logoutToken !== "string" || logoutToken === "") {
    return Response.json({ error: "invalid_request", error_description: "logout_token is missing" }, { status: 400, headers: noStore });
  }
  try {
    await handleLogoutToken(logoutToken);
    return new Response(null, { status: 200, headers: noStore });
  } catch (error) {
    log.warn(errorFields(error), "back-channel logout token refused");
    return Response.json(
      { error: "invalid_request", error_description: error instanceof Error ? error.message : "invalid logout token" },
      { status: 400, headers: noStore },
    );
  }
}
