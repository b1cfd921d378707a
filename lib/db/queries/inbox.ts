import { and, asc, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../index";
import { inboxMessages } from "../schema";
import { containsAny, selectPage, type Page } from "./paging";

export type InboxMessage = typeof inboxMessages.$inferSelect;

/** What the mailbox sync learnt about one message; absent or null fields keep what was indexed before. */
export type InboxMessageInput = Omit<
  typeof inboxMessages.$inferInsert,
  "mailboxId" | "openedAt" | "acknowledgedAt" | "goneAt" | "indexedAt" | "checksumCheckedAt" | "checksumOk"
>;

// Postgres allows 65,535 bind parameters per statement; 500 rows × 19 columns stays well under.
const UPSERT_BATCH = 500;

const METADATA_COLUMNS = [
  "sender_mailbox_id",
  "sender_org_name",
  "workflow_id",
  "subject",
  "local_id",
  "file_name",
  "content_type",
  "size_bytes",
  "checksum",
  "linked_message_id",
  "status_code",
  "status_event",
  "status_description",
  "expires_at",
] as const;

const active = (mailboxId: string): SQL =>
  and(eq(inboxMessages.mailboxId, mailboxId), isNull(inboxMessages.acknowledgedAt), isNull(inboxMessages.goneAt))!;

/**
 * Adds or refreshes messages seen in the mailbox's MESH inbox. A message seen again is back in the
 * inbox, so gone_at is cleared; opened_at and acknowledged_at are never touched here.
 */
export async function upsertInboxMessages(
  db: Db,
  mailboxId: string,
  messages: readonly InboxMessageInput[],
  now: Date = new Date(),
): Promise<number> {
  const keepUnlessGiven = Object.fromEntries(
    METADATA_COLUMNS.map((c) => [c, sql.raw(`coalesce(excluded."${c}", "inbox_messages"."${c}")`)]),
  );
  for (let i = 0; i < messages.length; i += UPSERT_BATCH) {
    const batch = messages.slice(i, i + UPSERT_BATCH).map((m) => ({ ...m, mailboxId, indexedAt: now }));
    await db
      .insert(inboxMessages)
      .values(batch)
      .onConflictDoUpdate({
        target: [inboxMessages.mailboxId, inboxMessages.messageId],
        set: {
          ...mapToFields(keepUnlessGiven),
          receivedAt: sql`excluded."received_at"`,
          chunkCount: sql`excluded."chunk_count"`,
          messageType: sql`excluded."message_type"`,
          goneAt: null,
          indexedAt: now,
        },
      });
  }
  return messages.length;
}

// Drizzle's `set` is keyed by property name, not column name.
function mapToFields(byColumn: Record<string, SQL>): Record<string, SQL> {
  const columns = inboxMessages as unknown as Record<string, { name?: string }>;
  const out: Record<string, SQL> = {};
  for (const [field, column] of Object.entries(columns)) {
    if (column?.name && byColumn[column.name]) out[field] = byColumn[column.name]!;
  }
  return out;
}

/** Which of these message ids are already indexed for the mailbox, so the sync fetches metadata only for new ones. */
export async function findIndexedMessageIds(db: Db, mailboxId: string, messageIds: readonly string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await db
    .select({ messageId: inboxMessages.messageId })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.mailboxId, mailboxId), sql`${inboxMessages.messageId} = any(${sql.param([...messageIds])}::text[])`));
  return new Set(rows.map((r) => r.messageId));
}

/**
 * Marks messages that left the inbox without our acknowledgement (expired, or acknowledged by
 * another client). `presentIds` must be the complete listing taken at `listedAt`; rows indexed
 * after that moment are left alone, since a concurrent sync may have just added them.
 */
export async function markGone(
  db: Db,
  input: { mailboxId: string; presentIds: readonly string[]; listedAt: Date; now?: Date },
): Promise<number> {
  const rows = await db
    .update(inboxMessages)
    .set({ goneAt: input.now ?? new Date() })
    .where(
      and(
        active(input.mailboxId),
        lt(inboxMessages.indexedAt, input.listedAt),
        sql`${inboxMessages.messageId} <> all(${sql.param([...input.presentIds])}::text[])`,
      ),
    )
    .returning({ messageId: inboxMessages.messageId });
  return rows.length;
}

export type FirstTime = { at: Date; first: boolean };

/** Records the first preview or download by anyone in the mailbox; null if the message is not indexed. */
export async function markOpened(db: Db, mailboxId: string, messageId: string, now: Date = new Date()): Promise<FirstTime | null> {
  const [updated] = await db
    .update(inboxMessages)
    .set({ openedAt: now })
    .where(and(eq(inboxMessages.mailboxId, mailboxId), eq(inboxMessages.messageId, messageId), isNull(inboxMessages.openedAt)))
    .returning({ at: inboxMessages.openedAt });
  if (updated?.at) return { at: updated.at, first: true };
  const existing = await getInboxMessage(db, mailboxId, messageId);
  return existing?.openedAt ? { at: existing.openedAt, first: false } : null;
}

/** Records that we acknowledged the message to MESH, which removes it from the inbox page. */
export async function markAcknowledged(db: Db, mailboxId: string, messageId: string, now: Date = new Date()): Promise<FirstTime | null> {
  const [updated] = await db
    .update(inboxMessages)
    .set({ acknowledgedAt: now })
    .where(and(eq(inboxMessages.mailboxId, mailboxId), eq(inboxMessages.messageId, messageId), isNull(inboxMessages.acknowledgedAt)))
    .returning({ at: inboxMessages.acknowledgedAt });
  if (updated?.at) return { at: updated.at, first: true };
  const existing = await getInboxMessage(db, mailboxId, messageId);
  return existing?.acknowledgedAt ? { at: existing.acknowledgedAt, first: false } : null;
}

export type InboxQuery = {
  mailboxId: string;
  /** Case-insensitive "contains" over sender, sender organisation, workflow, subject, file name and local id. */
  search?: string;
  workflow?: string;
  /** true: only opened; false: only unopened; absent: both. */
  opened?: boolean;
  page?: number;
  pageSize?: number;
};

/** One page of the inbox, newest first, excluding acknowledged and gone messages. */
export async function listInbox(db: Db, query: InboxQuery): Promise<Page<InboxMessage>> {
  const where = and(
    active(query.mailboxId),
    query.workflow ? eq(inboxMessages.workflowId, query.workflow) : undefined,
    query.opened === undefined ? undefined : query.opened ? isNotNull(inboxMessages.openedAt) : isNull(inboxMessages.openedAt),
    containsAny(query.search, [
      inboxMessages.senderMailboxId,
      inboxMessages.senderOrgName,
      inboxMessages.workflowId,
      inboxMessages.subject,
      inboxMessages.fileName,
      inboxMessages.localId,
    ]),
  );
  // Ordered as inbox_messages_active_idx is declared.
  return selectPage(db, inboxMessages, where, [inboxMessages.receivedAt, inboxMessages.messageId], query);
}

/** How many messages in the inbox nobody in the mailbox has opened yet. */
export async function countUnopened(db: Db, mailboxId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboxMessages)
    .where(and(active(mailboxId), isNull(inboxMessages.openedAt)));
  return row?.n ?? 0;
}

/** Distinct workflow ids among messages in the inbox, for the filter. */
export async function listWorkflows(db: Db, mailboxId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workflowId: inboxMessages.workflowId })
    .from(inboxMessages)
    .where(and(active(mailboxId), isNotNull(inboxMessages.workflowId)))
    .orderBy(asc(inboxMessages.workflowId));
  return rows.flatMap((r) => (r.workflowId ? [r.workflowId] : []));
}

/** One indexed message, including acknowledged and gone ones; null if never indexed. */
export async function getInboxMessage(db: Db, mailboxId: string, messageId: string): Promise<InboxMessage | null> {
  const [row] = await db
    .select()
    .from(inboxMessages)
    .where(and(eq(inboxMessages.mailboxId, mailboxId), eq(inboxMessages.messageId, messageId)));
  return row ?? null;
}

/** Indexed messages by id (any state), for reports that link to several. */
export async function getInboxMessages(db: Db, mailboxId: string, messageIds: readonly string[]): Promise<InboxMessage[]> {
  if (messageIds.length === 0) return [];
  return db
    .select()
    .from(inboxMessages)
    .where(and(eq(inboxMessages.mailboxId, mailboxId), inArray(inboxMessages.messageId, [...messageIds])));
}

export type ChecksumResult = { ok: boolean; checkedAt: Date };

/**
 * Records whether the bytes of a completed download matched the sender's SHA-256. The latest
 * download wins, so a later good download clears an earlier warning. False if the message is not indexed.
 */
export async function recordChecksumResult(
  db: Db,
  mailboxId: string,
  messageId: string,
  ok: boolean,
  now: Date = new Date(),
): Promise<boolean> {
  const rows = await db
    .update(inboxMessages)
    .set({ checksumOk: ok, checksumCheckedAt: now })
    .where(and(eq(inboxMessages.mailboxId, mailboxId), eq(inboxMessages.messageId, messageId)))
    .returning({ messageId: inboxMessages.messageId });
  return rows.length > 0;
}

/** The last checksum comparison for a message, or null if none was made (no SHA-256 given, or never downloaded). */
export async function getChecksumResult(db: Db, mailboxId: string, messageId: string): Promise<ChecksumResult | null> {
  const [row] = await db
    .select({ ok: inboxMessages.checksumOk, checkedAt: inboxMessages.checksumCheckedAt })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.mailboxId, mailboxId), eq(inboxMessages.messageId, messageId)));
  return row?.ok == null || !row.checkedAt ? null : { ok: row.ok, checkedAt: row.checkedAt };
}
