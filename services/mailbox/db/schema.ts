import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export type MessageEvent = {
  status: string;
  event?: string;
  code?: string;
  description?: string;
  linked_message_id?: string;
  timestamp: string;
};

export const messages = pgTable(
  "mailbox_messages",
  {
    id: text("id").primaryKey(),
    /** Arrival order; inbox listings and continuation tokens use it. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    /** Directory holding the chunk files; CC copies share the original's. */
    storageId: text("storage_id").notNull(),
    /** Empty for system-generated reports. */
    sender: text("sender").notNull(),
    /** Mailbox whose inbox holds the message (after redirect rules). */
    recipient: text("recipient").notNull(),
    /** `mex-to` as sent. */
    addressedTo: text("addressed_to").notNull(),
    workflowId: text("workflow_id").notNull(),
    messageType: text("message_type").notNull(),
    status: text("status").notNull(),
    totalChunks: integer("total_chunks").notNull(),
    chunksReceived: integer("chunks_received").notNull(),
    fileSize: bigint("file_size", { mode: "number" }).notNull().default(0),
    subject: text("subject"),
    contentType: text("content_type"),
    contentEncoding: text("content_encoding"),
    fileName: text("file_name"),
    localId: text("local_id"),
    partnerId: text("partner_id"),
    checksum: text("checksum"),
    encrypted: boolean("encrypted").notNull().default(false),
    compressed: boolean("compressed").notNull().default(false),
    linkedMessageId: text("linked_message_id"),
    /** Set on CC copies: the message the copy was made from. */
    copyOf: text("copy_of"),
    /** Set on a redirected message: the mailbox that received it instead of `addressed_to`. */
    redirectedTo: text("redirected_to"),
    statusEvent: text("status_event"),
    statusCode: text("status_code"),
    statusDescription: text("status_description"),
    statusAt: timestamp("status_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Newest first, like mesh-sandbox. */
    events: jsonb("events")
      .$type<MessageEvent[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, mode: "date" }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true, mode: "date" }),
    inboxExpiresAt: timestamp("inbox_expires_at", { withTimezone: true, mode: "date" }),
    deleteAfter: timestamp("delete_after", { withTimezone: true, mode: "date" }),
  },
  // Partial indexes where most rows would not qualify: every index costs time on each insert and status change.
  (t) => [
    index("mailbox_messages_inbox_idx").on(t.recipient, t.status, t.seq),
    index("mailbox_messages_sender_idx").on(t.sender, t.seq),
    index("mailbox_messages_local_id_idx")
      .on(t.sender, t.localId)
      .where(sql`${t.localId} is not null`),
    index("mailbox_messages_expiry_idx")
      .on(t.inboxExpiresAt)
      .where(sql`${t.status} = 'accepted'`),
    index("mailbox_messages_delete_idx")
      .on(t.deleteAfter)
      .where(sql`${t.deleteAfter} is not null`),
    index("mailbox_messages_uploading_idx")
      .on(t.updatedAt)
      .where(sql`${t.status} = 'uploading'`),
    index("mailbox_messages_copy_idx")
      .on(t.copyOf)
      .where(sql`${t.copyOf} is not null`),
  ],
);

export type MessageRow = typeof messages.$inferSelect;
export type NewMessageRow = typeof messages.$inferInsert;
