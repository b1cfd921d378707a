import { getDb } from "@/lib/db";
import { countUnopened, listInbox } from "@/lib/db/queries/inbox";
import { checkMailboxApi } from "@/lib/mailboxes/access";
import { syncInbox } from "@/lib/mailboxes/inbox-sync";

export const dynamic = "force-dynamic";

/** Polled by the inbox page; background polling does not count as activity for the idle timeout. */
export async function GET(_request: Request, { params }: { params: Promise<{ mailboxId: string }> }) {
  const gate = await checkMailboxApi((await params).mailboxId, { activity: false });
  if (!gate.ok) return gate.response;
  const mailboxId = gate.access.mailbox.mailboxId;
  const problem = await syncInbox(gate.access, { reason: "poll" }).then(
    () => false,
    () => true,
  );
  const db = await getDb();
  const [unopened, page] = await Promise.all([countUnopened(db, mailboxId), listInbox(db, { mailboxId, pageSize: 1 })]);
  return Response.json({ unopened, total: page.total, problem }, { headers: { "Cache-Control": "no-store" } });
}
