import "server-only";
import { getDb } from "@/lib/db";
import { recordAudit, type AuditInput } from "@/lib/db/queries/audit";
import { requestContext } from "@/lib/http/request-context";
import { log } from "@/lib/logging/log";

export type RequestContext = Awaited<ReturnType<typeof requestContext>>;

/**
 * Appends to the audit log with the request's address and id, and logs that it did (without the
 * detail, which may name files). Pass `context` when the request is already over, as at the end of a
 * streamed download.
 */
export async function audit(entry: Omit<AuditInput, "ip" | "requestId">, context?: RequestContext): Promise<void> {
  const { ip, requestId } = context ?? (await requestContext());
  await recordAudit(await getDb(), { ...entry, ip, requestId });
  log.info(
    { action: entry.action, actor: entry.actor ?? null, mailboxId: entry.mailboxId ?? null, messageId: entry.messageId ?? null, requestId },
    "audit",
  );
}
