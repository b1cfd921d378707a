import { checkMailboxApi } from "@/lib/mailboxes/access";
import { inboxSummary } from "@/lib/mailboxes/inbox";

export const dynamic = "force-dynamic";

/** Polled by the inbox page; background polling does not count as activity for the idle timeout. */
export async function GET(_request: Request, { params }: { params: Promise<{ mailboxId: string }> }) {
  const gate = await checkMailboxApi((await params).mailboxId, { activity: false });
  if (!gate.ok) return gate.response;
  return Response.json(await inboxSummary(gate.access), { headers: { "Cache-Control": "no-store" } });
}
