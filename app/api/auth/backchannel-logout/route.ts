import { handleLogoutToken } from "@/lib/auth/backchannel-logout";

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
    await handleLogoutToken(logoutToken, request.headers.get("x-forwarded-for"));
    return new Response(null, { status: 200, headers: noStore });
  } catch (error) {
    return Response.json(
      { error: "invalid_request", error_description: error instanceof Error ? error.message : "invalid logout token" },
      { status: 400, headers: noStore },
    );
  }
}
