import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../index";
import { auditLog } from "../schema";

export type AuditEntry = typeof auditLog.$inferSelect;

export type AuditInput = {
  action: string;
  actor?: string | null;
  mailboxId?: string | null;
  messageId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  detail?: Record<string, unknown>;
  at?: Date;
};

/** Appends to the audit log. There is deliberately no update or delete: the database refuses both. */
export async function recordAudit(db: Db, entry: AuditInput): Promise<AuditEntry> {
  const [row] = await db
    .insert(auditLog)
    .values({
      action: entry.action,
      actor: entry.actor ?? null,
      mailboxId: entry.mailboxId ?? null,
      messageId: entry.messageId ?? null,
      ip: entry.ip ?? null,
      requestId: entry.requestId ?? null,
      detail: entry.detail ?? {},
      ...(entry.at ? { at: entry.at } : {}),
    })
    .returning();
  if (!row) throw new Error(`Could not record audit entry ${entry.action}`);
  return row;
}

/** Newest first; for tests and support tooling, not a user-facing page. */
export async function listAudit(
  db: Db,
  filter: { mailboxId?: string; actor?: string; action?: string; limit?: number } = {},
): Promise<AuditEntry[]> {
  const conditions: SQL[] = [];
  if (filter.mailboxId) conditions.push(eq(auditLog.mailboxId, filter.mailboxId));
  if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 100);
}
