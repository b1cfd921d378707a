import { and, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "../index";
import { auditLog, people } from "../schema";
import { selectPage, type Page } from "./paging";
import type { AuditEntry } from "./audit";

export type AuditFilter = {
  mailboxId: string;
  actor?: string;
  action?: string;
  messageId?: string;
  /** Inclusive start and exclusive end. */
  from?: Date;
  before?: Date;
};

function where(filter: AuditFilter, extra?: SQL): SQL | undefined {
  return and(
    eq(auditLog.mailboxId, filter.mailboxId),
    filter.actor ? eq(auditLog.actor, filter.actor) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.messageId ? eq(auditLog.messageId, filter.messageId) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.before ? lt(auditLog.at, filter.before) : undefined,
    extra,
  );
}

/** One page of a mailbox's entries, newest first (by id, which is the chain's order). */
export async function auditPage(db: Db, filter: AuditFilter, page: number, pageSize: number): Promise<Page<AuditEntry>> {
  return selectPage(db, auditLog, where(filter), [auditLog.id, auditLog.id], { page, pageSize });
}

/** The next batch for an export, newest first, strictly older than `beforeId`: keyset paging, so each batch is cheap. */
export async function auditBatch(db: Db, filter: AuditFilter, beforeId: number | null, size: number): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(where(filter, beforeId === null ? undefined : lt(auditLog.id, beforeId)))
    .orderBy(desc(auditLog.id))
    .limit(size);
}

/** Names for the people an entry mentions. */
export async function peopleNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(Boolean);
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, unique));
  return new Map(rows.filter((r) => r.name).map((r) => [r.id, r.name]));
}
