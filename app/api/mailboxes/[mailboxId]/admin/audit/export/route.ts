import { attachmentDisposition } from "@/lib/http/content-disposition";
import { checkMailboxAdminApi } from "@/lib/mailboxes/admin-access";
import { auditLogCsv, readAuditQuery } from "@/lib/mailboxes/audit-log";

export const dynamic = "force-dynamic";

/** The audit log viewer's filtered entries as a streamed CSV file (admins of the mailbox only). */
export async function GET(request: Request, { params }: { params: Promise<{ mailboxId: string }> }) {
  const gate = await checkMailboxAdminApi((await params).mailboxId);
  if (!gate.ok) return gate.response;
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { filter, errors } = readAuditQuery(gate.access, query);
  if (Object.keys(errors).length > 0) {
    return Response.json({ error: "Correct the filters on the audit log page, then export again.", fields: errors }, { status: 400 });
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(await auditLogCsv(gate.access, filter), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachmentDisposition(`audit-${gate.access.mailbox.mailboxId}-${day}.csv`),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
