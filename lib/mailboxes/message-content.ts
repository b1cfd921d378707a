import "server-only";
import { audit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { requestContext } from "@/lib/http/request-context";
import { markOpened, recordChecksumResult, type InboxMessage } from "@/lib/db/queries/inbox";
import type { MeshDownload } from "@/lib/mesh";
import { meshError } from "@/lib/mesh/errors";
import { CrossSiteRequestError, requestIsCrossSite } from "@/lib/security/fetch-metadata";
import { checkMailboxApi, type MailboxAccess } from "./access";
import { knownLength, messageBodyStream, meshErrorResponse, messageNotFound, parseSha256Checksum } from "./download";
import { requireIndexedMessage } from "./inbox-sync";
import { findMessage } from "./message";
import { meshFor, meshTimeoutMs } from "./mesh";

export type ContentUse = "download" | "preview";

export type MessageRoute =
  { ok: true; access: MailboxAccess; messageId: string; message: InboxMessage } | { ok: false; response: Response };

/**
 * The gate for route handlers about one received message: signed in (401), granted the mailbox (404),
 * a well-formed id (404), and the message found in this mailbox's index (404 or 410), in that order.
 */
export async function checkMessageRoute(params: Promise<{ mailboxId: string; messageId: string }>): Promise<MessageRoute> {
  const { mailboxId, messageId: rawMessageId } = await params;
  const gate = await checkMailboxApi(mailboxId);
  if (!gate.ok) return gate;
  const lookup = await findMessage(gate.access, rawMessageId);
  if (!lookup.found) {
    return {
      ok: false,
      response: lookup.reason === "malformed-id" ? messageNotFound() : meshErrorResponse(meshError("not-found", "not in this mailbox")),
    };
  }
  return { ok: true, access: gate.access, messageId: lookup.message.messageId, message: lookup.message };
}

/**
 * Opens a message in MESH for a person already let through the gate and records that they opened
 * it (first-opened time and an audit entry). Refuses a request another site started (a link there
 * would otherwise open the message in the person's name). Throws MeshError as `download` does. Opening never
 * acknowledges: the message stays in the inbox until someone marks it as received.
 */
export async function openMessage(access: MailboxAccess, messageId: string, use: ContentUse, signal?: AbortSignal): Promise<MeshDownload> {
  const mailboxId = access.mailbox.mailboxId;
  if (await requestIsCrossSite()) throw new CrossSiteRequestError();
  await requireIndexedMessage(access, messageId);
  const download = await (await meshFor(access)).download(messageId, { signal });
  try {
    await markOpened(await getDb(), mailboxId, messageId);
    await audit({
      action: use,
      actor: access.user.id,
      mailboxId,
      messageId,
      detail: { fileName: download.headers.fileName ?? null, chunks: download.headers.chunkCount },
    });
  } catch (error) {
    download.body.destroy(); // no audit entry, no file
    throw error;
  }
  return download;
}

/** `openMessage` for route handlers: MESH failures become the JSON response to send instead. */
export async function openMessageContent(
  access: MailboxAccess,
  messageId: string,
  use: ContentUse,
  signal?: AbortSignal,
): Promise<{ ok: true; download: MeshDownload } | { ok: false; response: Response }> {
  try {
    return { ok: true, download: await openMessage(access, messageId, use, signal) };
  } catch (error) {
    if (error instanceof CrossSiteRequestError) return { ok: false, response: toMessagePage(access, messageId) };
    return { ok: false, response: meshErrorResponse(error) };
  }
}

/** Sends a refused cross-site request to the message page, where the person can choose to open the file. */
function toMessagePage(access: MailboxAccess, messageId: string): Response {
  const location = `/mailboxes/${access.mailbox.mailboxId}/messages/${encodeURIComponent(messageId)}`;
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}

/** The message's bytes as a response body, checked against the sender's SHA-256 when there is one. */
async function checkedBody(access: MailboxAccess, messageId: string, download: MeshDownload): Promise<ReadableStream<Uint8Array>> {
  const mailboxId = access.mailbox.mailboxId;
  const context = await requestContext(); // read now: the request scope is gone by the time the stream ends
  return messageBodyStream(download.body, {
    expectedSha256: parseSha256Checksum(download.headers.checksum),
    stallMs: meshTimeoutMs(),
    onChecked: async (outcome) => {
      const db = await getDb();
      await recordChecksumResult(db, mailboxId, messageId, outcome.ok);
      if (!outcome.ok) {
        await audit(
          {
            action: "download-checksum-mismatch",
            actor: access.user.id,
            mailboxId,
            messageId,
            detail: { expected: outcome.expected, actual: outcome.actual, bytes: outcome.bytes },
          },
          context,
        );
      }
    },
  });
}

/**
 * The 200 answer with the message's bytes: `headers` (type, disposition, CSP) over the ones every
 * file response carries, with Content-Length only when it is certain.
 */
export async function messageFileResponse(
  access: MailboxAccess,
  messageId: string,
  download: MeshDownload,
  headers: Record<string, string>,
): Promise<Response> {
  const all = new Headers({ "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", ...headers });
  const length = knownLength(download);
  if (length !== undefined) all.set("Content-Length", String(length));
  return new Response(await checkedBody(access, messageId, download), { status: 200, headers: all });
}
