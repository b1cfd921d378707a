import { and, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../index";
import { auditLog, people } from "../schema";
import { pageWindow, type Page } from "./paging";
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

// As audit_log_mailbox_id_idx is declared, so the planner walks it.
const newestFirst = sql`${auditLog.id} desc nulls last`;

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

/** Counting stops here: past it the page says "more than", and counting 100,000 rows would cost more than the page. */
export const AUDIT_COUNT_CAP = 10_000;

/**
 * One page of a mailbox's entries, newest first (by id, which is the chain's order). `total` is exact
 * up to AUDIT_COUNT_CAP and `capped` past it.
 */
export async function auditPage(
  db: Db,
  filter: AuditFilter,
  page: number,
  pageSize: number,
): Promise<Page<AuditEntry> & { capped: boolean }> {
  const condition = where(filter);
  const limited = db
    .select({ one: sql`1` })
    .from(auditLog)
    .where(condition)
    .limit(AUDIT_COUNT_CAP + 1)
    .as("limited");
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(limited);
  const counted = count?.n ?? 0;
  const capped = counted > AUDIT_COUNT_CAP;
  const window = pageWindow(Math.min(counted, AUDIT_COUNT_CAP), page, pageSize);
  const rows = await db.select().from(auditLog).where(condition).orderBy(newestFirst).limit(window.pageSize).offset(window.offset);
  return {
    rows,
    total: Math.min(counted, AUDIT_COUNT_CAP),
    capped,
    page: window.page,
    pageSize: window.pageSize,
    totalPages: window.totalPages,
  };
}

/** The next batch for an export, newest first, strictly older than `beforeId`: keyset paging, so each batch is cheap. */
export async function auditBatch(db: Db, filter: AuditFilter, beforeId: number | null, size: number): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(where(filter, beforeId === null ? undefined : lt(auditLog.id, beforeId)))
    .orderBy(newestFirst)
    .limit(size);
}

/** Names for the people an entry mentions. */
export async function peopleNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(Boolean);
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, unique));
  return new Map(rows.filter((r) => r.name).map((r) => [r.id, r.name]));
}
