import { and, asc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../index";
import { mailboxes, organisations, people, sentMessages, type SentStatus } from "../schema";
import { containsAny, selectPage, type Page } from "./paging";

export type SentMessage = typeof sentMessages.$inferSelect;
export type SentMessageInput = Omit<
  typeof sentMessages.$inferInsert,
  "status" | "statusUpdatedAt" | "ndrMessageId" | "ndrDescription" | "statusCode" | "lastCheckedAt" | "checkCount" | "claimedUntil"
>;

/**
 * Records a message MESH accepted. Recording the same message twice keeps the first record, except
 * that Mailroom's own record of a send replaces one the outbox fill made of it first (it found the
 * message in the rich outbox in the moment between MESH accepting it and Mailroom recording it): the
 * message is listed once, as sent by its person, with the status tracking has learnt since.
 */
export async function recordSent(db: Db, input: SentMessageInput): Promise<SentMessage> {
  const [row] = await db
    .insert(sentMessages)
    .values({ ...input, status: "accepted", statusUpdatedAt: input.sentAt })
    .onConflictDoUpdate({
      target: [sentMessages.mailboxId, sentMessages.messageId],
      set: {
        sentBy: sql`excluded.sent_by`,
        recipientName: sql`coalesce(excluded.recipient_name, ${sentMessages.recipientName})`,
        subject: sql`excluded.subject`,
        localId: sql`excluded.local_id`,
        fileName: sql`excluded.file_name`,
        contentType: sql`excluded.content_type`,
        sizeBytes: sql`excluded.size_bytes`,
        checksum: sql`excluded.checksum`,
      },
      setWhere: sql`${sentMessages.sentBy} is null and excluded.sent_by is not null`,
    })
    .returning();
  if (row) return row;
  const existing = await getSentMessage(db, input.mailboxId, input.messageId);
  if (!existing) throw new Error(`Could not record sent message ${input.messageId}`);
  return existing;
}

export async function getSentMessage(db: Db, mailboxId: string, messageId: string): Promise<SentMessage | null> {
  const [row] = await db
    .select()
    .from(sentMessages)
    .where(and(eq(sentMessages.mailboxId, mailboxId), eq(sentMessages.messageId, messageId)));
  return row ?? null;
}

export type SentQuery = {
  mailboxId: string;
  status?: SentStatus;
  workflow?: string;
  /** A recipient mailbox id, matched exactly (upper case). */
  recipient?: string;
  /** Sent at or after this instant, and before `sentBefore`. */
  sentFrom?: Date;
  sentBefore?: Date;
  /** Case-insensitive "contains" over recipient, recipient name, workflow, subject, file name and local id. */
  search?: string;
  page?: number;
  pageSize?: number;
};

function sentWhere(query: SentQuery): SQL | undefined {
  return and(
    eq(sentMessages.mailboxId, query.mailboxId),
    query.status ? eq(sentMessages.status, query.status) : undefined,
    query.workflow ? eq(sentMessages.workflowId, query.workflow) : undefined,
    query.recipient ? eq(sentMessages.recipientMailboxId, query.recipient) : undefined,
    query.sentFrom ? gte(sentMessages.sentAt, query.sentFrom) : undefined,
    query.sentBefore ? lt(sentMessages.sentAt, query.sentBefore) : undefined,
    containsAny(query.search, [
      sentMessages.recipientMailboxId,
      sentMessages.recipientName,
      sentMessages.workflowId,
      sentMessages.subject,
      sentMessages.fileName,
      sentMessages.localId,
    ]),
  );
}

/** One page of what the mailbox sent, newest first. */
export async function listSent(db: Db, query: SentQuery): Promise<Page<SentMessage>> {
  return selectPage(db, sentMessages, sentWhere(query), [sentMessages.sentAt, sentMessages.messageId], query);
}

/**
 * Every message matching `query`, newest first, in batches of `batchSize` (keyset paging, so a long
 * export neither holds one huge result nor slows down page by page).
 */
export async function* eachSent(db: Db, query: Omit<SentQuery, "page" | "pageSize">, batchSize = 500): AsyncGenerator<SentMessage[]> {
  let after: { sentAt: Date; messageId: string } | null = null;
  for (;;) {
    const cursor: SQL | undefined = after
      ? sql`(${sentMessages.sentAt}, ${sentMessages.messageId}) < (${after.sentAt.toISOString()}::timestamptz, ${after.messageId})`
      : undefined;
    const rows: SentMessage[] = await db
      .select()
      .from(sentMessages)
      .where(and(sentWhere(query), cursor))
      .orderBy(sql`${sentMessages.sentAt} desc nulls last`, sql`${sentMessages.messageId} desc nulls last`)
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1] as SentMessage;
    after = { sentAt: last.sentAt, messageId: last.messageId };
    if (rows.length < batchSize) return;
  }
}

/** The workflows this mailbox has sent, for the filter. */
export async function listSentWorkflows(db: Db, mailboxId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workflowId: sentMessages.workflowId })
    .from(sentMessages)
    .where(eq(sentMessages.mailboxId, mailboxId))
    .orderBy(asc(sentMessages.workflowId));
  return rows.map((row) => row.workflowId);
}

/**
 * Moves a sent message out of 'accepted' when MESH reports on it. Only 'accepted' may change:
 * acknowledged, undeliverable and error are final, so a late or repeated report cannot undo them.
 * Returns whether the status changed.
 */
export async function updateSentStatus(
  db: Db,
  update: {
    mailboxId: string;
    messageId: string;
    status: Exclude<SentStatus, "accepted">;
    at?: Date;
    ndrMessageId?: string | null;
    ndrDescription?: string | null;
    statusCode?: string | null;
    expiresAt?: Date | null;
    routing?: SentMessage["routing"];
  },
): Promise<boolean> {
  const rows = await db
    .update(sentMessages)
    .set({
      status: update.status,
      statusUpdatedAt: update.at ?? new Date(),
      ndrMessageId: update.ndrMessageId ?? null,
      ndrDescription: update.ndrDescription ?? null,
      statusCode: update.statusCode ?? null,
      ...(update.expiresAt ? { expiresAt: update.expiresAt } : {}),
      ...(update.routing ? { routing: update.routing } : {}),
      // Final: never tracked again.
      nextCheckAt: null,
      claimedUntil: null,
    })
    .where(
      and(eq(sentMessages.mailboxId, update.mailboxId), eq(sentMessages.messageId, update.messageId), eq(sentMessages.status, "accepted")),
    )
    .returning({ messageId: sentMessages.messageId });
  return rows.length > 0;
}

export type RecentRecipient = { mailboxId: string; name: string | null; lastSentAt: Date };

/** The mailboxes this mailbox sent to most recently, newest first, each once. */
export async function listRecentRecipients(db: Db, mailboxId: string, limit = 10): Promise<RecentRecipient[]> {
  const rows = await db
    .select({
      mailboxId: sentMessages.recipientMailboxId,
      name: sql<string | null>`(array_agg(${sentMessages.recipientName} order by ${sentMessages.sentAt} desc))[1]`,
      lastSentAt: sql<Date>`max(${sentMessages.sentAt})`.mapWith((value: string | Date) => new Date(value)),
    })
    .from(sentMessages)
    .where(eq(sentMessages.mailboxId, mailboxId))
    .groupBy(sentMessages.recipientMailboxId)
    .orderBy(sql`max(${sentMessages.sentAt}) desc`)
    .limit(limit);
  return rows;
}

/** The ids of these that the mailbox's sent index already holds. */
export async function findSentIds(db: Db, mailboxId: string, messageIds: readonly string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await db
    .select({ messageId: sentMessages.messageId })
    .from(sentMessages)
    .where(and(eq(sentMessages.mailboxId, mailboxId), inArray(sentMessages.messageId, [...messageIds])));
  return new Set(rows.map((row) => row.messageId));
}

/**
 * Records a message the mailbox sent from another system, as the rich outbox and MESH tracking
 * describe it. A message already in the index (Mailroom sent it, or an earlier fill found it) is left
 * alone. Returns whether it was added.
 */
export async function recordSentOutside(
  db: Db,
  input: Omit<typeof sentMessages.$inferInsert, "sentBy" | "lastCheckedAt" | "checkCount" | "claimedUntil">,
): Promise<boolean> {
  const rows = await db
    .insert(sentMessages)
    .values({ ...input, sentBy: null })
    .onConflictDoNothing()
    .returning({ messageId: sentMessages.messageId });
  return rows.length > 0;
}

/** Names of the people who sent, and organisations of the recipients Mailroom knows, for a page of rows. */
export async function sentRowNames(db: Db, rows: readonly Pick<SentMessage, "sentBy" | "recipientMailboxId">[]) {
  const personIds = [...new Set(rows.flatMap((row) => (row.sentBy ? [row.sentBy] : [])))];
  const recipientIds = [...new Set(rows.map((row) => row.recipientMailboxId))];
  const [senders, recipients] = await Promise.all([
    personIds.length ? db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, personIds)) : [],
    recipientIds.length
      ? db
          .select({ mailboxId: mailboxes.mailboxId, organisation: organisations.name })
          .from(mailboxes)
          .innerJoin(organisations, eq(organisations.odsCode, mailboxes.odsCode))
          .where(inArray(mailboxes.mailboxId, recipientIds))
      : [],
  ]);
  return {
    senderName: new Map(senders.map((row) => [row.id, row.name])),
    recipientOrganisation: new Map(recipients.map((row) => [row.mailboxId, row.organisation])),
  };
}
