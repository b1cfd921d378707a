/*
 * What the sent index records of a message the mailbox sent from another system: the rich outbox
 * row (which lists it) and MESH tracking (which describes it). Plain functions, so they are tested
 * without MESH or a database.
 */
import type { RichMessage, RichPage, TrackingV1 } from "@/lib/mesh";
import type { SentStatus } from "@/lib/db/schema";

/** Whether a rich outbox row is a message this mailbox sent that the Sent page may list. */
export function isListableOutboxRow(row: RichMessage, mailboxId: string): boolean {
  // Reports (non-delivery reports) are about a message, not one the mailbox sent.
  if (row.messageType === "REPORT") return false;
  // Still uploading: not sent yet. Mailroom's own uploads show as "Sending" from their send intent.
  if (row.status === "uploading") return false;
  return !row.sender || row.sender.toUpperCase() === mailboxId;
}

export type OutsideSentRow = {
  mailboxId: string;
  messageId: string;
  recipientMailboxId: string;
  recipientName: string | null;
  workflowId: string;
  subject: string | null;
  localId: string | null;
  fileName: string | null;
  contentType: null;
  sizeBytes: number | null;
  checksum: string | null;
  sentAt: Date;
  status: SentStatus;
  statusUpdatedAt: Date;
  statusCode: string | null;
  ndrDescription: string | null;
  expiresAt: Date | null;
  nextCheckAt: Date | null;
};

function sentStatusOf(tracking: TrackingV1): SentStatus | "uploading" {
  switch (tracking.status) {
    case "acknowledged":
    case "undeliverable":
    case "error":
    case "uploading":
      return tracking.status;
    default:
      // accepted, or a state this version does not know: tracked until MESH says more.
      return "accepted";
  }
}

/**
 * The index row for one outbox message, or null when it is not one to list: a report, still
 * uploading, or without a recipient. `firstCheckAt` is when the refresher first tracks a message
 * that is not final (final ones are never tracked again).
 */
export function outsideSentRow(
  mailboxId: string,
  row: RichMessage,
  tracking: TrackingV1,
  now: Date,
  firstCheckAt: (sentAt: Date) => Date,
): OutsideSentRow | null {
  if (tracking.messageType === "REPORT") return null;
  const status = sentStatusOf(tracking);
  if (status === "uploading") return null;
  const recipient = (row.recipient ?? tracking.recipient)?.trim().toUpperCase();
  if (!recipient) return null;
  const sentAt = row.sentDate ?? tracking.uploadTimestamp ?? now;
  const statusUpdatedAt = (() => {
    switch (status) {
      case "acknowledged":
        return tracking.downloadTimestamp ?? tracking.statusTimestamp ?? sentAt;
      case "undeliverable":
      case "error":
        return tracking.statusTimestamp ?? tracking.failureDate ?? sentAt;
      default:
        return sentAt;
    }
  })();
  return {
    mailboxId,
    messageId: row.messageId,
    recipientMailboxId: recipient,
    recipientName: row.recipientName || tracking.recipientName || null,
    workflowId: row.workflowId || tracking.workflowId || "",
    subject: tracking.subject || null,
    localId: row.localId || tracking.localId || null,
    fileName: tracking.fileName || null,
    contentType: null,
    sizeBytes: tracking.fileSize ?? null,
    checksum: tracking.checksum || null,
    sentAt,
    status,
    statusUpdatedAt,
    statusCode: status === "undeliverable" ? (tracking.statusCode ?? "14") : status === "error" ? (tracking.statusCode ?? null) : null,
    ndrDescription:
      status === "undeliverable" || status === "error" ? (tracking.statusDescription ?? tracking.failureDiagnostic ?? null) : null,
    expiresAt: tracking.expiryTime ?? row.expiryTimestamp ?? null,
    nextCheckAt: status === "accepted" ? firstCheckAt(sentAt) : null,
  };
}

export type OutboxWalk = {
  /** The next page after `next`, as the MESH client reads it. */
  nextPage: (next: string) => Promise<RichPage | null>;
  /** Which of these ids the sent index already holds. */
  known: (messageIds: string[]) => Promise<Set<string>>;
  maxPages: number;
  /** Stop once this many new messages were found. */
  wanted: number;
};

/**
 * The outbox rows new to the index, newest first, from the first page on: a page with nothing new
 * ends the walk (earlier fills saw what is older), as do the page bound and having enough.
 */
export async function newOutboxRows(mailboxId: string, first: RichPage, walk: OutboxWalk): Promise<RichMessage[]> {
  const fresh: RichMessage[] = [];
  let page: RichPage | null = first;
  for (let read = 1; page; read++) {
    const rows = page.messages.filter((row) => isListableOutboxRow(row, mailboxId));
    const known = await walk.known(rows.map((row) => row.messageId));
    const unknown = rows.filter((row) => !known.has(row.messageId));
    fresh.push(...unknown);
    if (unknown.length === 0 || fresh.length >= walk.wanted || read >= walk.maxPages || !page.next) break;
    page = await walk.nextPage(page.next);
  }
  return fresh.slice(0, walk.wanted);
}
