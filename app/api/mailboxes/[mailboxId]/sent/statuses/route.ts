import { checkMailboxApi } from "@/lib/mailboxes/access";
import { liveSentStatuses } from "@/lib/mailboxes/sent";

export const dynamic = "force-dynamic";

/**
 * Polled by the Sent pages: statuses of the messages they show, from the index (the refresher alone
 * asks MESH). Background polling does not count as activity; ids from another mailbox are left out.
 */
export async function GET(request: Request, { params }: { params: Promise<{ mailboxId: string }> }) {
  const gate = await checkMailboxApi((await params).mailboxId, { activity: false });
  if (!gate.ok) return gate.response;
  const ids = new URL(request.url).searchParams.getAll("id");
  if (ids.length > 200)
    return Response.json({ error: "Ask for at most 200 messages" }, { status: 400, headers: { "Cache-Control": "no-store" } });
  return Response.json({ statuses: await liveSentStatuses(gate.access, ids) }, { headers: { "Cache-Control": "no-store" } });
}
