import { audit } from "@/lib/audit";
import { checkMailboxApi } from "@/lib/mailboxes/access";
import { parseSentQuery } from "@/lib/mailboxes/sent";
import { sentExportStream } from "@/lib/mailboxes/sent-export";
import { fillBeforeListing } from "@/lib/mailboxes/sent-outbox-fill";

export const dynamic = "force-dynamic";

/** The Sent list as CSV, with the page's filters, streamed in batches; cells are safe to open in a spreadsheet. */
export async function GET(request: Request, { params }: { params: Promise<{ mailboxId: string }> }) {
  const gate = await checkMailboxApi((await params).mailboxId);
  if (!gate.ok) return gate.response;
  await fillBeforeListing(gate.access);
  const query = parseSentQuery(Object.fromEntries(new URL(request.url).searchParams));
  const mailboxId = gate.access.mailbox.mailboxId;
  await audit({ action: "sent-exported", actor: gate.access.user.id, mailboxId, detail: { filters: { ...query, page: undefined } } });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(sentExportStream(gate.access, query), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="sent-${mailboxId}-${day}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
