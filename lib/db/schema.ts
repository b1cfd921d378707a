import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

// Every timestamp is timestamptz so PGlite and a real server agree whatever their TimeZone setting.
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => at("created_at").notNull().defaultNow();

export const organisations = pgTable("organisations", {
  odsCode: text("ods_code").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

/** People are keyed by their CIS2 user id (the OIDC `sub`). */
export const people = pgTable("people", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email"),
  lastSignInAt: at("last_sign_in_at"),
  createdAt: createdAt(),
});

export const mailboxes = pgTable(
  "mailboxes",
  {
    mailboxId: text("mailbox_id").primaryKey(),
    displayName: text("display_name").notNull(),
    odsCode: text("ods_code")
      .notNull()
      .references(() => organisations.odsCode),
    environment: text("environment").notNull().default("local"),
    /** Null means the configured default MESH backend for this deployment. */
    meshUrl: text("mesh_url"),
    // Secrets are stored as lib/crypto/secrets envelopes, never in plain text.
    passwordEncrypted: text("password_encrypted").notNull(),
    sharedKeyEncrypted: text("shared_key_encrypted").notNull(),
    clientKeyEncrypted: text("client_key_encrypted"),
    // Certificates are public material, so they stay readable for support.
    clientCert: text("client_cert"),
    caCert: text("ca_cert"),
    /** When and by whom an admin last replaced the credentials (null: as seeded or set up). */
    credentialsUpdatedAt: at("credentials_updated_at"),
    credentialsUpdatedBy: text("credentials_updated_by"),
    createdAt: createdAt(),
  },
  (t) => [check("mailboxes_mailbox_id_upper", sql`${t.mailboxId} = upper(${t.mailboxId})`), index("mailboxes_ods_code_idx").on(t.odsCode)],
);

export const GRANT_ROLES = ["member", "admin"] as const;
export type GrantRole = (typeof GRANT_ROLES)[number];

export const grants = pgTable(
  "grants",
  {
    personId: text("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    mailboxId: text("mailbox_id")
      .notNull()
      .references(() => mailboxes.mailboxId, { onDelete: "cascade" }),
    role: text("role", { enum: GRANT_ROLES }).notNull(),
    /** A person id, or 'system' for the seed and automated grants; not a foreign key for that reason. */
    grantedBy: text("granted_by").notNull(),
    grantedAt: at("granted_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.mailboxId] }),
    check("grants_role_valid", sql`${t.role} in ('member', 'admin')`),
    index("grants_mailbox_id_idx").on(t.mailboxId),
  ],
);

/**
 * Append-only: a trigger (migration 0001) raises on UPDATE, DELETE and TRUNCATE. No foreign keys, so
 * entries outlive the people and mailboxes they mention.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: at("at").notNull().defaultNow(),
    actor: text("actor"),
    action: text("action").notNull(),
    mailboxId: text("mailbox_id"),
    messageId: text("message_id"),
    ip: text("ip"),
    /** The web request that made the entry; the same id is in both processes' logs. */
    requestId: text("request_id"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    /** The previous entry's `hash` (null for the first); set by the insert trigger of migration 0006. */
    prevHash: text("prev_hash"),
    /** SHA-256 over this entry's content and `prev_hash` (audit_entry_hash, migration 0006). */
    hash: text("hash"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_mailbox_at_idx").on(t.mailboxId, t.at),
    index("audit_log_mailbox_id_idx").on(t.mailboxId, t.id.desc()),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: at("last_seen_at").notNull().defaultNow(),
    /** Absolute limit, fixed at creation; idle expiry is computed from last_seen_at. */
    expiresAt: at("expires_at").notNull(),
    revokedAt: at("revoked_at"),
    /** The IdP's `sid` claim, so a back-channel logout can find the session. */
    idpSid: text("idp_sid"),
    /** The ODS codes where the sign-in carried a CIS2 role: a grant elsewhere is not honoured (ADR 0016). */
    orgCodes: text("org_codes")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [index("sessions_person_id_idx").on(t.personId), index("sessions_idp_sid_idx").on(t.idpSid)],
);

export const MESSAGE_TYPES = ["DATA", "REPORT"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/**
 * What the mailbox's MESH inbox held when last listed. Rows stay after they leave the inbox
 * (acknowledged_at or gone_at set) so opened/acknowledged history survives.
 */
export const inboxMessages = pgTable(
  "inbox_messages",
  {
    mailboxId: text("mailbox_id")
      .notNull()
      .references(() => mailboxes.mailboxId, { onDelete: "cascade" }),
    messageId: text("message_id").notNull(),
    senderMailboxId: text("sender_mailbox_id"),
    senderOrgName: text("sender_org_name"),
    workflowId: text("workflow_id"),
    subject: text("subject"),
    localId: text("local_id"),
    fileName: text("file_name"),
    contentType: text("content_type"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    checksum: text("checksum"),
    chunkCount: integer("chunk_count").notNull().default(1),
    messageType: text("message_type", { enum: MESSAGE_TYPES }).notNull().default("DATA"),
    statusCode: text("status_code"),
    statusEvent: text("status_event"),
    statusDescription: text("status_description"),
    linkedMessageId: text("linked_message_id"),
    receivedAt: at("received_at").notNull(),
    expiresAt: at("expires_at"),
    openedAt: at("opened_at"),
    acknowledgedAt: at("acknowledged_at"),
    goneAt: at("gone_at"),
    indexedAt: at("indexed_at").notNull().defaultNow(),
    /** When a download last compared the bytes with the sender's SHA-256; null if never checked. */
    checksumCheckedAt: at("checksum_checked_at"),
    /** That comparison's result; a false here is what the message page warns about. */
    checksumOk: boolean("checksum_ok"),
  },
  (t) => [
    primaryKey({ columns: [t.mailboxId, t.messageId] }),
    check("inbox_messages_message_type_valid", sql`${t.messageType} in ('DATA', 'REPORT')`),
    // The inbox page: newest first among messages still in the inbox. message_id breaks ties so
    // paging is stable when several messages share a received_at.
    index("inbox_messages_active_idx")
      .on(t.mailboxId, t.receivedAt.desc(), t.messageId.desc())
      .where(sql`${t.acknowledgedAt} is null and ${t.goneAt} is null`),
    // The unread badge.
    index("inbox_messages_unopened_idx")
      .on(t.mailboxId)
      .where(sql`${t.openedAt} is null and ${t.acknowledgedAt} is null and ${t.goneAt} is null`),
  ],
);

export const SENT_STATUSES = ["accepted", "acknowledged", "undeliverable", "error"] as const;
export type SentStatus = (typeof SENT_STATUSES)[number];

/** What people sent through Mailroom, with the delivery status learnt later from MESH. */
export const sentMessages = pgTable(
  "sent_messages",
  {
    mailboxId: text("mailbox_id")
      .notNull()
      .references(() => mailboxes.mailboxId, { onDelete: "cascade" }),
    messageId: text("message_id").notNull(),
    // Not a foreign key: the record of who sent what must outlive the person's row. Null: the mailbox
    // sent it from another system, and Mailroom found it in the rich outbox ("Sent outside Mailroom").
    sentBy: text("sent_by"),
    recipientMailboxId: text("recipient_mailbox_id").notNull(),
    recipientName: text("recipient_name"),
    workflowId: text("workflow_id").notNull(),
    subject: text("subject"),
    localId: text("local_id"),
    fileName: text("file_name"),
    contentType: text("content_type"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    checksum: text("checksum"),
    sentAt: at("sent_at").notNull(),
    status: text("status", { enum: SENT_STATUSES }).notNull().default("accepted"),
    statusUpdatedAt: at("status_updated_at").notNull(),
    ndrMessageId: text("ndr_message_id"),
    ndrDescription: text("ndr_description"),
    /** MESH's code for an undeliverable or failed message (14 = not collected within 5 days). */
    statusCode: text("status_code"),
    /** When MESH says it leaves the recipient's inbox; null until tracking tells. */
    expiresAt: at("expires_at"),
    /** When the refresher should next ask MESH; null once the status is final (ADR 0014). */
    nextCheckAt: at("next_check_at"),
    lastCheckedAt: at("last_checked_at"),
    checkCount: integer("check_count").notNull().default(0),
    /** A web process that claimed the check holds it until then, so another does not track it too. */
    claimedUntil: at("claimed_until"),
    /** Where MESH tracking says the message really went: a redirect and CC copies (ADR 0107); null if it said nothing. */
    routing: jsonb("routing").$type<{ redirectedTo?: string; copies?: { messageId: string; recipient: string }[] }>(),
    /** The last check could not reach MESH; cleared by the next that does. */
    checkFailedAt: at("check_failed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.mailboxId, t.messageId] }),
    check("sent_messages_status_valid", sql`${t.status} in ('accepted', 'acknowledged', 'undeliverable', 'error')`),
    index("sent_messages_mailbox_sent_at_idx").on(t.mailboxId, t.sentAt.desc(), t.messageId.desc()),
    index("sent_messages_pending_idx")
      .on(t.mailboxId)
      .where(sql`${t.status} = 'accepted'`),
    // The refresher's queue: messages not final, soonest due first.
    index("sent_messages_due_idx")
      .on(t.nextCheckAt)
      .where(sql`${t.status} = 'accepted'`),
  ],
);

/** The workflow catalogue: a plain name for each MESH workflow id people choose from. */
export const workflows = pgTable("workflows", {
  workflowId: text("workflow_id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

/** Which catalogue workflows a mailbox sends: the choices its send form offers. */
export const mailboxWorkflows = pgTable(
  "mailbox_workflows",
  {
    mailboxId: text("mailbox_id")
      .notNull()
      .references(() => mailboxes.mailboxId, { onDelete: "cascade" }),
    workflowId: text("workflow_id")
      .notNull()
      .references(() => workflows.workflowId, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.mailboxId, t.workflowId] })],
);

export const SEND_INTENT_STATES = ["issued", "sending", "sent"] as const;
export type SendIntentState = (typeof SEND_INTENT_STATES)[number];

/**
 * One checked set of answers waiting for its file: the idempotency key issued with check your
 * answers. Only the key's SHA-256 is stored, so the table cannot be used to send.
 */
export const sendIntents = pgTable(
  "send_intents",
  {
    keyHash: text("key_hash").primaryKey(),
    mailboxId: text("mailbox_id")
      .notNull()
      .references(() => mailboxes.mailboxId, { onDelete: "cascade" }),
    personId: text("person_id").notNull(),
    answers: jsonb("answers").$type<Record<string, unknown>>().notNull(),
    state: text("state", { enum: SEND_INTENT_STATES }).notNull().default("issued"),
    /** What the send answered, given again to a repeated request. */
    result: jsonb("result").$type<Record<string, unknown>>(),
    expiresAt: at("expires_at").notNull(),
    createdAt: createdAt(),
    updatedAt: at("updated_at").notNull().defaultNow(),
    /** While `sending`: touched every few seconds by the process uploading, so a dead upload is seen as gone. */
    aliveAt: at("alive_at"),
  },
  (t) => [
    check("send_intents_state_valid", sql`${t.state} in ('issued', 'sending', 'sent')`),
    index("send_intents_expires_at_idx").on(t.expiresAt),
  ],
);

export const REVIEW_OUTCOMES = ["kept", "role-changed", "removed"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** An admin's review of who may use a mailbox: one row per review, the outcome for each person inside. */
export const accessReviews = pgTable(
  "access_reviews",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    mailboxId: text("mailbox_id")
      .notNull()
      .references(() => mailboxes.mailboxId, { onDelete: "cascade" }),
    // Not a foreign key: the record of a review outlives the reviewer's row.
    reviewedBy: text("reviewed_by").notNull(),
    reviewedAt: at("reviewed_at").notNull().defaultNow(),
    outcomes: jsonb("outcomes").$type<Array<{ personId: string; name: string; outcome: ReviewOutcome; role?: string }>>().notNull(),
  },
  (t) => [index("access_reviews_mailbox_idx").on(t.mailboxId, t.reviewedAt.desc())],
);
