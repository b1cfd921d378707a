/*
 * A server action called from script posts its arguments as JSON text. Next parses that text before
 * any of Mailroom's code runs and logs a crash when it is not JSON, so the proxy refuses it first.
 */

const MAX_ACTION_TEXT = 1_000_000;

/** A 400 for a script-style action call whose body is not JSON (or is too long to be ours); otherwise null. */
export async function refuseMalformedActionCall(request: Request): Promise<Response | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  if (!(request.headers.get("content-type") ?? "").startsWith("text/plain")) return null;
  const text = await request.clone().text();
  if (text.length <= MAX_ACTION_TEXT) {
    try {
      JSON.parse(text);
      return null;
    } catch {
      // answered below
    }
  }
  return Response.json({ error: "This request is malformed." }, { status: 400, headers: { "Cache-Control": "no-store" } });
}
