import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../index";
import { sentMessages, type SentStatus } from "../schema";
import { containsAny, selectPage, type Page } from "./paging";

export type SentMessage = typeof sentMessages.$inferSelect;
export type SentMessageInput = Omit<typeof sentMessages.$inferInsert, "status" | "statusUpdatedAt" | "ndrMessageId" | "ndrDescription">;

/** Records a message MESH accepted. Recording the same message twice keeps the first record. */
export async function recordSent(db: Db, input: SentMessageInput): Promise<SentMessage> {
  const [row] = await db
    .insert(sentMessages)
    .values({ ...input, status: "accepted", statusUpdatedAt: input.sentAt })
    .onConflictDoNothing()
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
  /** Case-insensitive "contains" over recipient, recipient name, workflow, subject, file name and local id. */
  search?: string;
  page?: number;
  pageSize?: number;
};

/** One page of what the mailbox sent, newest first. */
export async function listSent(db: Db, query: SentQuery): Promise<Page<SentMessage>> {
  const where = and(
    eq(sentMessages.mailboxId, query.mailboxId),
    query.status ? eq(sentMessages.status, query.status) : undefined,
    containsAny(query.search, [
      sentMessages.recipientMailboxId,
      sentMessages.recipientName,
      sentMessages.workflowId,
      sentMessages.subject,
      sentMessages.fileName,
      sentMessages.localId,
    ]),
  );
  return selectPage(db, sentMessages, where, [sentMessages.sentAt, sentMessages.messageId], query);
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
  },
): Promise<boolean> {
  const rows = await db
    .update(sentMessages)
    .set({
      status: update.status,
      statusUpdatedAt: update.at ?? new Date(),
      ndrMessageId: update.ndrMessageId ?? null,
      ndrDescription: update.ndrDescription ?? null,
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
