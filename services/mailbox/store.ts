import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, isNull, lt, lte, ne, notLike, like, or, sql, type SQL } from "drizzle-orm";
import { TransactionRollbackError } from "drizzle-orm";
import type { Db } from "./db/open";
import { messages, type MessageEvent, type MessageRow, type NewMessageRow } from "./db/schema";
import { acceptedColumns, acceptedEvent } from "./message-rows";

export type WorkflowFilter = { negate: boolean; op: "eq" | "prefix" | "contains"; value: string };

/** mesh-sandbox's algorithm: trim; leading `!` negates; leading `*` → contains (drop first and last char); trailing `*` → prefix. */
export function parseWorkflowFilter(raw: string): WorkflowFilter {
  let v = raw.trim();
  let negate = false;
  if (v.startsWith("!")) {
    negate = true;
    v = v.slice(1);
  }
  if (v.startsWith("*")) return { negate, op: "contains", value: v.slice(1, v.endsWith("*") ? -1 : undefined) };
  if (v.endsWith("*")) return { negate, op: "prefix", value: v.slice(0, -1) };
  return { negate, op: "eq", value: v };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterSql(f: WorkflowFilter): SQL {
  if (f.op === "eq") return f.negate ? ne(messages.workflowId, f.value) : eq(messages.workflowId, f.value);
  const pattern = f.op === "prefix" ? `${escapeLike(f.value)}%` : `%${escapeLike(f.value)}%`;
  return f.negate ? notLike(messages.workflowId, pattern) : like(messages.workflowId, pattern);
}

const eventsPrepend = (ev: MessageEvent) => sql`${JSON.stringify([ev])}::jsonb || ${messages.events}`;

const p = sql.placeholder;
/** Every column an INSERT names, so one prepared statement fits every row. */
const RICH_INBOX_COLUMNS = {
  id: messages.id,
  seq: messages.seq,
  inboxExpiresAt: messages.inboxExpiresAt,
  localId: messages.localId,
  messageType: messages.messageType,
  recipient: messages.recipient,
  sender: messages.sender,
  createdAt: messages.createdAt,
  status: messages.status,
  statusCode: messages.statusCode,
  workflowId: messages.workflowId,
  totalChunks: messages.totalChunks,
  subject: messages.subject,
  fileName: messages.fileName,
  contentType: messages.contentType,
  checksum: messages.checksum,
  fileSize: messages.fileSize,
  contentEncoding: messages.contentEncoding,
  statusEvent: messages.statusEvent,
  statusDescription: messages.statusDescription,
  acceptedAt: messages.acceptedAt,
  statusAt: messages.statusAt,
  linkedMessageId: messages.linkedMessageId,
};
export type RichInboxRow = Pick<MessageRow, keyof typeof RICH_INBOX_COLUMNS>;

const INSERT_COLUMNS = Object.keys(getTableColumns(messages)).filter((c) => c !== "seq") as (keyof NewMessageRow)[];

/** A row's values as the database driver takes them: times as ISO text, the events as JSON text. */
function insertValues(row: MessageRow): Record<string, unknown> {
  return Object.fromEntries(
    INSERT_COLUMNS.map((c) => {
      const v = row[c];
      return [c, v instanceof Date ? v.toISOString() : c === "events" ? JSON.stringify(v) : v];
    }),
  );
}

/**
 * The statements of the send → list → download → acknowledge path, prepared once: drizzle then skips
 * building the SQL text on every request, and the database keeps the plan (a PostgreSQL server by the
 * statement's name, PGlite through `lib/db/pglite-statements.ts`).
 */
function prepareHot(db: Db) {
  return {
    // Raw placeholders (no column encoder, which cannot take null): `insertValues` encodes the values.
    insertOne: db
      .insert(messages)
      .values(Object.fromEntries(INSERT_COLUMNS.map((c) => [c, sql`${p(c)}`])) as unknown as NewMessageRow)
      .returning({ seq: messages.seq })
      .prepare("mailbox_insert_one"),
    get: db
      .select()
      .from(messages)
      .where(eq(messages.id, p("id")))
      .limit(1)
      .prepare("mailbox_get"),
    list: db
      .select({ id: messages.id, seq: messages.seq })
      .from(messages)
      .where(and(eq(messages.recipient, p("recipient")), eq(messages.status, "accepted"), gt(messages.seq, p("afterSeq"))))
      .orderBy(asc(messages.seq))
      .limit(p("limit"))
      .prepare("mailbox_list"),
    acknowledge: db
      .update(messages)
      .set({
        status: "acknowledged",
        acknowledgedAt: p("now") as unknown as Date,
        updatedAt: p("now") as unknown as Date,
        statusAt: p("now") as unknown as Date,
        deleteAfter: sql`coalesce(${messages.acceptedAt}, ${p("now")}::timestamptz) + interval '30 days'`,
        events: sql`${p("event")}::jsonb || ${messages.events}`,
      })
      .where(and(eq(messages.id, p("id")), eq(messages.recipient, p("recipient")), eq(messages.status, "accepted")))
      .returning({ id: messages.id })
      .prepare("mailbox_acknowledge"),
  };
}

const CACHE_MAX = 10_000;

/** Fills in the column defaults so an inserted row can be cached without reading it back. */
function complete(r: NewMessageRow, seq: number): MessageRow {
  return {
    seq,
    fileSize: 0,
    subject: null,
    contentType: null,
    contentEncoding: null,
    fileName: null,
    localId: null,
    partnerId: null,
    checksum: null,
    encrypted: false,
    compressed: false,
    linkedMessageId: null,
    copyOf: null,
    redirectedTo: null,
    statusEvent: null,
    statusCode: null,
    statusDescription: null,
    events: [],
    acceptedAt: null,
    acknowledgedAt: null,
    inboxExpiresAt: null,
    deleteAfter: null,
    ...r,
  } as MessageRow;
}

/**
 * All metadata access. Rows read or inserted are kept in a small write-through cache (this process is the
 * only writer, ADR 0103); every statement that changes a row drops it from the cache, so a later read
 * goes back to the database.
 */
export class MessageStore {
  private cache = new Map<string, MessageRow>();
  /** Bytes each sender has stored (its messages' chunk files, not CC copies, which share them). */
  private stored = new Map<string, number>();
  private readonly hot: ReturnType<typeof prepareHot>;

  constructor(private readonly db: Db) {
    this.hot = prepareHot(db);
  }

  private remember(row: MessageRow): void {
    if (this.cache.size >= CACHE_MAX) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(row.id, row);
  }

  private forget(ids: Iterable<string>): void {
    for (const id of ids) this.cache.delete(id);
  }

  /** Reads every sender's stored bytes; the counts are then kept up to date as rows come and go. */
  async loadStoredBytes(): Promise<void> {
    const rows = await this.db
      .select({ sender: messages.sender, bytes: sql<string>`sum(${messages.fileSize})` })
      .from(messages)
      .where(isNull(messages.copyOf))
      .groupBy(messages.sender);
    this.stored = new Map(rows.map((r) => [r.sender, Number(r.bytes)]));
  }

  storedBytes(sender: string): number {
    return this.stored.get(sender) ?? 0;
  }

  /** Counts bytes a chunk added to one of `sender`'s messages (rows inserted are counted by `insertMany`). */
  noteStored(sender: string, bytes: number): void {
    if (sender) this.stored.set(sender, this.storedBytes(sender) + bytes);
  }

  private countRows(rows: { sender: string; fileSize?: number | null; copyOf?: string | null }[], sign: 1 | -1): void {
    for (const r of rows) if (!r.copyOf) this.noteStored(r.sender, sign * (r.fileSize ?? 0));
  }

  /** Inserts rows; only `seq` comes back, the cached copy is completed from the values we sent. */
  async insertMany(rows: NewMessageRow[]): Promise<void> {
    await this.insertRows(rows);
    this.countRows(rows, 1);
  }

  private async insertRows(rows: NewMessageRow[]): Promise<void> {
    if (rows.length === 1) {
      const row = complete(rows[0]!, 0);
      const [r] = await this.hot.insertOne.execute(insertValues(row));
      this.remember({ ...row, seq: r!.seq });
      return;
    }
    const inserted = await this.db.insert(messages).values(rows).returning({ seq: messages.seq });
    rows.forEach((r, i) => {
      const seq = inserted[i]?.seq;
      if (seq !== undefined) this.remember(complete(r, seq));
    });
  }

  async get(id: string): Promise<MessageRow | undefined> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const rows = await this.hot.get.execute({ id });
    if (rows[0]) this.remember(rows[0]);
    return rows[0];
  }

  /** Records chunk n of an upload; false when another request got there first (duplicate or out of order). */
  async recordChunk(id: string, n: number, bytes: number, now: Date): Promise<boolean> {
    this.forget([id]);
    const r = await this.db
      .update(messages)
      .set({ chunksReceived: n, fileSize: sql`${messages.fileSize} + ${bytes}`, updatedAt: now })
      .where(and(eq(messages.id, id), eq(messages.status, "uploading"), eq(messages.chunksReceived, n - 1)))
      .returning({ id: messages.id });
    return r.length === 1;
  }

  /**
   * Makes an upload visible: the last chunk's bookkeeping, the flip to accepted, any redirect and every CC
   * copy happen in one transaction, so a crash leaves either none or all of it.
   */
  async finalise(
    id: string,
    lastChunk: { n: number; bytes: number } | null,
    accepted: { now: Date; redirectedTo?: string },
    copies: NewMessageRow[],
  ): Promise<boolean> {
    this.forget([id]);
    return this.db
      .transaction(async (tx) => {
        const conds = [eq(messages.id, id), eq(messages.status, "uploading")];
        if (lastChunk) conds.push(eq(messages.chunksReceived, lastChunk.n - 1));
        const r = await tx
          .update(messages)
          .set({
            ...acceptedColumns(accepted.now),
            ...(lastChunk ? { chunksReceived: lastChunk.n, fileSize: sql`${messages.fileSize} + ${lastChunk.bytes}` } : {}),
            ...(accepted.redirectedTo ? { recipient: accepted.redirectedTo, redirectedTo: accepted.redirectedTo } : {}),
            events: eventsPrepend(acceptedEvent(accepted.now)),
          })
          .where(and(...conds))
          .returning({ fileSize: messages.fileSize });
        if (r.length !== 1) {
          tx.rollback();
          return false;
        }
        const fileSize = r[0]!.fileSize;
        if (copies.length) await tx.insert(messages).values(copies.map((c) => ({ ...c, fileSize })));
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof TransactionRollbackError) return false;
        throw err;
      });
  }

  async listInbox(
    recipient: string,
    opts: { afterSeq?: number; limit: number; filter?: WorkflowFilter },
  ): Promise<{ id: string; seq: number }[]> {
    // seq starts at 1, so 0 means "from the start".
    if (!opts.filter) return this.hot.list.execute({ recipient, afterSeq: opts.afterSeq ?? 0, limit: opts.limit });
    const conds = [eq(messages.recipient, recipient), eq(messages.status, "accepted")];
    if (opts.afterSeq !== undefined) conds.push(gt(messages.seq, opts.afterSeq));
    if (opts.filter) conds.push(filterSql(opts.filter));
    return this.db
      .select({ id: messages.id, seq: messages.seq })
      .from(messages)
      .where(and(...conds))
      .orderBy(asc(messages.seq))
      .limit(opts.limit);
  }

  async countInbox(recipient: string, filter?: WorkflowFilter): Promise<number> {
    const conds = [eq(messages.recipient, recipient), eq(messages.status, "accepted")];
    if (filter) conds.push(filterSql(filter));
    const r = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(...conds));
    return r[0]?.n ?? 0;
  }

  /** Acknowledges in one statement when `recipient` holds the message and it is accepted. */
  async acknowledge(id: string, recipient: string, now: Date): Promise<boolean> {
    this.forget([id]);
    const event = JSON.stringify([{ status: "acknowledged", timestamp: now.toISOString() } satisfies MessageEvent]);
    const r = await this.hot.acknowledge.execute({ id, recipient, now, event });
    return r.length === 1;
  }

  async copiesOf(id: string): Promise<{ id: string; recipient: string }[]> {
    return this.db
      .select({ id: messages.id, recipient: messages.recipient })
      .from(messages)
      .where(eq(messages.copyOf, id))
      .orderBy(asc(messages.seq));
  }

  async byLocalId(sender: string, localId: string): Promise<MessageRow[]> {
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.sender, sender), eq(messages.localId, localId), isNull(messages.copyOf)))
      .limit(2);
  }

  /** Only the columns a rich inbox row shows: pages run to 2000 rows, and each event list costs parsing. */
  async richInbox(recipient: string, since: Date, beforeSeq: number | undefined, limit: number): Promise<RichInboxRow[]> {
    const conds = [eq(messages.recipient, recipient), gte(messages.createdAt, since), ne(messages.status, "uploading")];
    if (beforeSeq !== undefined) conds.push(lt(messages.seq, beforeSeq));
    return this.db
      .select(RICH_INBOX_COLUMNS)
      .from(messages)
      .where(and(...conds))
      .orderBy(desc(messages.seq))
      .limit(limit);
  }

  /** Copies made by CC rules are invisible to the sender, so they never appear here. */
  async richOutbox(sender: string, since: Date, beforeSeq: number | undefined, limit: number): Promise<MessageRow[]> {
    const conds = [eq(messages.sender, sender), gte(messages.createdAt, since), isNull(messages.copyOf)];
    if (beforeSeq !== undefined) conds.push(lt(messages.seq, beforeSeq));
    return this.db
      .select()
      .from(messages)
      .where(and(...conds))
      .orderBy(desc(messages.seq))
      .limit(limit);
  }

  async setStatus(id: string, ev: MessageEvent, now: Date, extra: Partial<NewMessageRow> = {}): Promise<boolean> {
    this.forget([id]);
    const r = await this.db
      .update(messages)
      .set({
        status: ev.status,
        statusAt: now,
        updatedAt: now,
        statusEvent: ev.event ?? null,
        statusCode: ev.code ?? null,
        statusDescription: ev.description ?? null,
        ...(ev.linked_message_id ? { linkedMessageId: ev.linked_message_id } : {}),
        events: eventsPrepend(ev),
        ...extra,
      })
      .where(eq(messages.id, id))
      .returning({ id: messages.id });
    return r.length === 1;
  }

  /** Accepted messages whose inbox time ran out, oldest first. */
  async dueForExpiry(now: Date, limit: number): Promise<MessageRow[]> {
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.status, "accepted"), lte(messages.inboxExpiresAt, now)))
      .orderBy(asc(messages.seq))
      .limit(limit);
  }

  /** Expires one message and, when given, delivers its non-delivery report in the same transaction. */
  async expire(id: string, ev: MessageEvent, now: Date, deleteAfter: Date, report: NewMessageRow | null): Promise<boolean> {
    this.forget([id]);
    return this.db.transaction(async (tx) => {
      const r = await tx
        .update(messages)
        .set({
          status: "undeliverable",
          statusAt: now,
          updatedAt: now,
          statusEvent: ev.event ?? null,
          statusCode: ev.code ?? null,
          statusDescription: ev.description ?? null,
          deleteAfter,
          events: eventsPrepend(ev),
        })
        .where(and(eq(messages.id, id), eq(messages.status, "accepted")))
        .returning({ id: messages.id });
      if (r.length === 1 && report) await tx.insert(messages).values(report);
      return r.length === 1;
    });
  }

  /** Rows to delete: finished messages past retention, and uploads abandoned before `staleBefore`. */
  async dueForDeletion(now: Date, staleBefore: Date, limit: number): Promise<{ id: string; storageId: string; totalChunks: number }[]> {
    return this.db
      .select({ id: messages.id, storageId: messages.storageId, totalChunks: messages.totalChunks })
      .from(messages)
      .where(
        or(
          and(ne(messages.status, "accepted"), ne(messages.status, "uploading"), lte(messages.deleteAfter, now)),
          and(eq(messages.status, "uploading"), lt(messages.updatedAt, staleBefore)),
        ),
      )
      .limit(limit);
  }

  /** Deletes rows and returns the storage ids no remaining row references (their files can go). */
  async deleteRows(ids: string[]): Promise<{ storageId: string; totalChunks: number }[]> {
    if (ids.length === 0) return [];
    this.forget(ids);
    const gone = await this.db.delete(messages).where(inArray(messages.id, ids)).returning({
      storageId: messages.storageId,
      totalChunks: messages.totalChunks,
      sender: messages.sender,
      fileSize: messages.fileSize,
      copyOf: messages.copyOf,
    });
    this.countRows(gone, -1);
    const storageIds = [...new Set(gone.map((g) => g.storageId))];
    const still = await this.liveStorageIds(storageIds);
    const seen = new Set<string>();
    return gone.filter((g) => !still.has(g.storageId) && !seen.has(g.storageId) && seen.add(g.storageId));
  }

  async liveStorageIds(storageIds: string[]): Promise<Set<string>> {
    if (storageIds.length === 0) return new Set();
    // Storage ids are the original message's id, and copies name that id in copy_of: both are indexed.
    const rows = await this.db
      .selectDistinct({ s: messages.storageId })
      .from(messages)
      .where(or(inArray(messages.id, storageIds), inArray(messages.copyOf, storageIds)));
    return new Set(rows.map((r) => r.s));
  }

  /** Every message in a mailbox's inbox, whatever its status (what a reset of that mailbox removes). */
  async idsInInbox(mailboxId: string): Promise<string[]> {
    const rows = await this.db.select({ id: messages.id }).from(messages).where(eq(messages.recipient, mailboxId));
    return rows.map((r) => r.id);
  }

  async deleteAll(): Promise<void> {
    this.cache.clear();
    this.stored.clear();
    await this.db.delete(messages);
  }
}
