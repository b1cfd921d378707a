import "server-only";
import { getDb } from "@/lib/db";
import { findMailbox } from "@/lib/db/queries/directory";
import { findIndexedMessageIds, getInboxMessage, markGone, upsertInboxMessages, type InboxMessageInput } from "@/lib/db/queries/inbox";
import type { MeshClient, MessageHeaders, RichMessage } from "@/lib/mesh";
import { meshError } from "@/lib/mesh/errors";
import type { MailboxAccess } from "./access";
import { meshFor } from "./mesh";
import { linkReportsToSent } from "./sent-reports";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";
import { requestId } from "@/lib/http/request-context";
import { LatestRun } from "./latest-run";

/** MESH keeps an undelivered message in the inbox for 5 days (docs/mesh-protocol.md, Lifecycle). */
export const INBOX_RETENTION_MS = 5 * 24 * 3600_000;
/**
 * A sync asks MESH for the inbox listing at most this often per mailbox and web process: a person
 * opening the inbox sees what arrived seconds ago, while background polls from many open tabs
 * cost MESH one listing per 10 seconds.
 */
const MIN_SYNC_INTERVAL_MS = { page: 2_000, poll: 10_000 } as const;
const HEAD_CONCURRENCY = 4;
/** The largest inbox page MESH gives (10–5000 ids); fewer round trips for a big inbox. */
const LIST_PAGE = 5000;
/**
 * With this many new messages, the rich inbox (where the server offers it) describes them in pages of
 * RICH_PAGE rows instead of one HEAD each (ADR 0112); below it, a few HEADs cost less than a page.
 */
const RICH_FROM = 10;
const RICH_PAGE = 2000;

const syncs = new LatestRun<SyncResult>();

export type SyncResult = { listed: number; added: number; gone: number; at: Date };

/**
 * Brings the inbox index in step with MESH: one listing (every page), the properties of each id not yet
 * indexed (from the rich inbox where offered, else one HEAD each), and messages no longer listed marked gone. Pages then list, search and page from the
 * index alone. Concurrent calls share one sync; a recent result is reused (see MIN_SYNC_INTERVAL_MS),
 * except by a caller that needs a listing begun after `startedAfter` (a message looked up by id).
 */
export async function syncInbox(
  access: MailboxAccess,
  {
    force = false,
    reason = "page",
    startedAfter,
  }: { force?: boolean; reason?: keyof typeof MIN_SYNC_INTERVAL_MS; startedAfter?: number } = {},
): Promise<SyncResult> {
  const mailboxId = access.mailbox.mailboxId;
  return syncs.run(mailboxId, async () => run(mailboxId, await meshFor(access)), {
    reuseForMs: force ? 0 : MIN_SYNC_INTERVAL_MS[reason],
    startedAfter,
  });
}

async function run(mailboxId: string, mesh: MeshClient): Promise<SyncResult> {
  const db = await getDb();
  const listedAt = new Date();
  const ids = await mesh.listInbox({ maxResults: LIST_PAGE });
  const known = await findIndexedMessageIds(db, mailboxId, ids);
  const fresh = ids.filter((id) => !known.has(id));
  const organisationNames = new Map<string, string | null>();
  const rows = fresh.length >= RICH_FROM ? await describeFromRichInbox(mesh, mailboxId, new Set(fresh), organisationNames) : [];
  const described = new Set(rows.map((row) => row.messageId));
  const rest = fresh.filter((id) => !described.has(id));
  let next = 0;
  const worker = async () => {
    while (next < rest.length) {
      const messageId = rest[next++] as string;
      const row = await describe(mesh, messageId, organisationNames).catch(async (error: unknown) => {
        // One message MESH cannot describe must not keep the rest of the inbox from the index.
        log.warn(
          { ...errorFields(error), mailboxId, messageId, requestId: await requestId() },
          "inbox sync skipped a message it could not read",
        );
        return null;
      });
      if (row) rows.push(row);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_CONCURRENCY, rest.length) }, worker));
  await upsertInboxMessages(db, mailboxId, rows);
  await linkReportsToSent(db, mailboxId, rows);
  const gone = await markGone(db, { mailboxId, presentIds: ids, listedAt });
  return { listed: ids.length, added: rows.length, gone, at: listedAt };
}

/**
 * Index rows for the wanted ids from the rich inbox, a page at a time (newest first), stopping once
 * every wanted id was seen. Empty when the server does not offer it (NHS MESH) or it fails; rows that
 * lack what a HEAD would tell are left out. Either way the caller sends a HEAD for each id not returned.
 */
async function describeFromRichInbox(
  mesh: MeshClient,
  mailboxId: string,
  wanted: Set<string>,
  organisationNames: Map<string, string | null>,
): Promise<InboxMessageInput[]> {
  const rows: InboxMessageInput[] = [];
  let left = wanted.size;
  try {
    // Pages no larger than what is wanted: the new messages are usually the newest, so often one page.
    let page = await mesh.richInboxPage({ maxResults: Math.min(RICH_PAGE, wanted.size) });
    while (page) {
      for (const message of page.messages) {
        if (!wanted.has(message.messageId)) continue;
        left--;
        if (message.described) rows.push(await indexRow(message.messageId, fromRich(message), organisationNames));
      }
      if (left <= 0 || !page.next) break;
      page = await mesh.richInboxPage({ next: page.next });
    }
  } catch (error) {
    log.warn(
      { ...errorFields(error), mailboxId, requestId: await requestId() },
      "inbox sync could not read the rich inbox; asking per message",
    );
  }
  return rows;
}

/** A rich inbox row in the shape of a HEAD's headers (MessageHeaders). */
function fromRich(m: RichMessage): Describable {
  return {
    from: m.sender,
    workflowId: m.workflowId,
    subject: m.subject,
    localId: m.localId,
    fileName: m.fileName,
    contentType: m.contentType,
    // file_size is given only where it is the whole, unencoded size, as HEAD's length is then.
    contentLength: m.fileSize,
    contentEncoding: undefined,
    checksum: m.checksum,
    chunkCount: Math.max(1, m.totalChunks ?? 1),
    messageType: m.messageType === "REPORT" ? "REPORT" : "DATA",
    statusCode: m.statusCode,
    statusEvent: m.statusEvent,
    statusDescription: m.statusDescription,
    linkedMessageId: m.linkedMessageId,
    statusTimestamp: m.statusTimestamp,
  };
}

type Describable = Pick<
  MessageHeaders,
  | "from"
  | "workflowId"
  | "subject"
  | "localId"
  | "fileName"
  | "contentType"
  | "contentLength"
  | "contentEncoding"
  | "checksum"
  | "chunkCount"
  | "messageType"
  | "statusCode"
  | "statusEvent"
  | "statusDescription"
  | "linkedMessageId"
  | "statusTimestamp"
>;

/** One HEAD: the message's properties for the index. Null if it vanished meanwhile. */
async function describe(mesh: MeshClient, messageId: string, organisationNames: Map<string, string | null>) {
  let headers;
  try {
    headers = await mesh.messageHeaders(messageId);
  } catch (error) {
    if (error instanceof Error && "kind" in error && (error.kind === "not-found" || error.kind === "gone")) return null;
    throw error;
  }
  return indexRow(messageId, headers, organisationNames);
}

async function indexRow(
  messageId: string,
  headers: Describable,
  organisationNames: Map<string, string | null>,
): Promise<InboxMessageInput> {
  const sender = headers.from?.toUpperCase();
  if (sender && !organisationNames.has(sender)) {
    const mailbox = await findMailbox(await getDb(), sender);
    organisationNames.set(sender, mailbox?.organisationName ?? null);
  }
  const receivedAt = headers.statusTimestamp ?? new Date();
  const report = headers.messageType === "REPORT";
  return {
    messageId,
    senderMailboxId: sender ?? null,
    senderOrgName: sender ? (organisationNames.get(sender) ?? null) : null,
    workflowId: headers.workflowId ?? null,
    subject: headers.subject ?? null,
    localId: headers.localId ?? null,
    fileName: headers.fileName ?? null,
    contentType: headers.contentType ?? null,
    // HEAD's length is the first chunk's; it is the whole size only for single-chunk, unencoded messages.
    sizeBytes: headers.chunkCount === 1 && !headers.contentEncoding ? (headers.contentLength ?? null) : null,
    checksum: headers.checksum ?? null,
    chunkCount: headers.chunkCount,
    messageType: report ? "REPORT" : "DATA",
    statusCode: report ? (headers.statusCode ?? null) : null,
    statusEvent: report ? (headers.statusEvent ?? null) : null,
    statusDescription: report ? (headers.statusDescription ?? null) : null,
    linkedMessageId: headers.linkedMessageId ?? null,
    receivedAt,
    expiresAt: new Date(receivedAt.getTime() + INBOX_RETENTION_MS),
  };
}

/** Forgets the throttle after this process changed the inbox (an acknowledgement), so the next view is fresh. */
export function invalidateInboxSync(mailboxId: string) {
  syncs.forgetResult(mailboxId);
}

/**
 * The indexed message in this mailbox, or a MeshError "not-found". Routes that touch one message call
 * this before MESH, so an id from another mailbox is simply not found here, whatever MESH would say.
 */
export async function requireIndexedMessage(access: MailboxAccess, messageId: string) {
  const db = await getDb();
  const mailboxId = access.mailbox.mailboxId;
  const lookingSince = Date.now();
  let message = await getInboxMessage(db, mailboxId, messageId);
  if (!message) {
    // Perhaps it arrived since the inbox was last looked at: only a listing begun from now on can tell.
    await syncInbox(access, { startedAfter: lookingSince }).catch(async (error: unknown) => {
      log.warn({ ...errorFields(error), mailboxId, requestId: await requestId() }, "inbox sync failed while looking for a message");
    });
    message = await getInboxMessage(db, mailboxId, messageId);
  }
  if (!message) throw meshError("not-found", `message ${messageId} is not in mailbox ${mailboxId}`);
  return message;
}
