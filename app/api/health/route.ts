export const dynamic = "force-dynamic";

/** Liveness for process supervisors and the test harness; touches nothing else. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
