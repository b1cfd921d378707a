import type { MessageEvent, MessageRow, NewMessageRow } from "./db/schema";
import { newMessageId } from "./message-id";

// A message waits 5 days to be collected; its record and files are kept 30 days in all.
export const DAY_MS = 24 * 60 * 60 * 1000;
export const INBOX_EXPIRY_MS = 5 * DAY_MS;
export const RETENTION_MS = 30 * DAY_MS;

export function acceptedEvent(now: Date): MessageEvent {
  return {
    status: "accepted",
    event: "TRANSFER",
    code: "00",
    description: "Transferred to recipient mailbox",
    timestamp: now.toISOString(),
  };
}

/** The columns of a message that lands in its recipient's inbox at `now` (its latest event aside). */
export function acceptedColumns(now: Date) {
  return {
    status: "accepted",
    acceptedAt: now,
    inboxExpiresAt: new Date(now.getTime() + INBOX_EXPIRY_MS),
    statusAt: now,
    statusEvent: "TRANSFER",
    statusCode: "00",
    statusDescription: "Transferred to recipient mailbox",
    updatedAt: now,
  } as const satisfies Partial<NewMessageRow>;
}

export function copyRows(original: NewMessageRow, ccTo: string[], now: Date): NewMessageRow[] {
  return ccTo.map((to) => ({
    ...original,
    ...acceptedColumns(now),
    id: newMessageId(now),
    recipient: to,
    copyOf: original.id,
    redirectedTo: null,
    chunksReceived: original.totalChunks,
    events: [acceptedEvent(now)],
    createdAt: now,
  }));
}

/** A REPORT row, as the expiry sweep and the admin endpoint create them. Reports have no chunks. */
export function reportRow(opts: {
  now: Date;
  recipient: string;
  workflowId: string;
  status: "undeliverable" | "error";
  event: string;
  code: string;
  description: string;
  subject?: string | null;
  localId?: string | null;
  fileName?: string | null;
  linkedMessageId?: string | null;
}): NewMessageRow {
  const id = newMessageId(opts.now);
  const ev: MessageEvent = {
    status: "accepted",
    event: opts.event,
    code: opts.code,
    description: opts.description,
    linked_message_id: opts.linkedMessageId ?? undefined,
    timestamp: opts.now.toISOString(),
  };
  return {
    id,
    storageId: id,
    sender: "",
    recipient: opts.recipient,
    addressedTo: opts.recipient,
    workflowId: opts.workflowId,
    messageType: "REPORT",
    status: "accepted",
    totalChunks: 0,
    chunksReceived: 0,
    fileSize: 0,
    subject: opts.subject ?? null,
    localId: opts.localId ?? null,
    fileName: opts.fileName ?? null,
    linkedMessageId: opts.linkedMessageId ?? null,
    statusEvent: opts.event,
    statusCode: opts.code,
    statusDescription: opts.description,
    statusAt: opts.now,
    events: [ev],
    createdAt: opts.now,
    updatedAt: opts.now,
    acceptedAt: opts.now,
    inboxExpiresAt: new Date(opts.now.getTime() + INBOX_EXPIRY_MS),
  };
}

export function statusSuccess(m: MessageRow): boolean {
  return m.messageType === "DATA" && !m.events.some((e) => e.status === "error" || e.status === "undeliverable");
}
