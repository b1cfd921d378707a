import { pipeline } from "node:stream/promises";
import { createGzip, createGunzip } from "node:zlib";
import type { Transform } from "node:stream";
import type { Ctx } from "../context";
import type { MessageRow } from "../db/schema";
import { Errors, MeshError, ValidationError } from "../errors";
import { compactTime, header, inTimeRange, intQuery, isoTime, mediaType, sendEmpty, sendJson, strQuery } from "../http-util";
import { RETENTION_MS, statusSuccess } from "../message-rows";
import { SMALL_BODY } from "../storage";
import { parseWorkflowFilter, type RichInboxRow } from "../store";

type Cursor = { seq: number };

function encodeCursor(c: Cursor & { id: string }): string {
  return Buffer.from(JSON.stringify({ message_id: c.id, seq: c.seq })).toString("base64url");
}

/** Accepts our opaque token (either version) or, as v1 clients send, the bare last message id. */
async function decodeCursor(ctx: Ctx, raw: string): Promise<number> {
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { seq?: unknown };
    if (typeof v.seq === "number" && Number.isSafeInteger(v.seq)) return v.seq;
  } catch {
    // not ours: maybe a message id
  }
  const m = await ctx.app.store.get(raw.trim().toUpperCase());
  if (m && m.recipient === ctx.mailbox!.mailboxId) return m.seq;
  throw new ValidationError([{ type: "value_error", loc: ["query", "continue_from"], msg: "Invalid continue_from token" }]);
}

export async function listInbox(ctx: Ctx): Promise<void> {
  const q = ctx.url.searchParams;
  const max = intQuery(q, "max_results", 10, 5000, 500);
  const cont = strQuery(q, "continue_from", 24, 1000);
  const wf = strQuery(q, "workflow_filter", 2, 255);
  const filter = wf !== undefined ? parseWorkflowFilter(wf) : undefined;
  const afterSeq = cont !== undefined ? await decodeCursor(ctx, cont) : undefined;
  const mb = ctx.mailbox!.mailboxId;
  const rows = await ctx.app.store.listInbox(mb, { afterSeq, limit: max + 1, filter });
  const page = rows.slice(0, max);
  const ids = page.map((r) => r.id);
  if (ctx.version === 1) {
    sendJson(ctx.res, 200, { messages: ids });
    return;
  }
  const base = `/messageexchange/${mb}/inbox`;
  const selfQ = new URLSearchParams();
  if (max !== 500) selfQ.set("max_results", String(max));
  if (wf !== undefined) selfQ.set("workflow_filter", wf);
  const links: Record<string, string> = { self: selfQ.size ? `${base}?${selfQ}` : base };
  const last = page[page.length - 1];
  if (rows.length > max && last) {
    const nextQ = new URLSearchParams(selfQ);
    nextQ.set("continue_from", encodeCursor(last));
    links.next = `${base}?${nextQ}`;
  }
  // A short first page is the whole inbox; only longer inboxes cost a count query.
  const approx = afterSeq === undefined && rows.length <= max ? page.length : await ctx.app.store.countInbox(mb, filter);
  sendJson(ctx.res, 200, { messages: ids, links, approx_inbox_count: approx }, mediaType(2));
}

export async function count(ctx: Ctx): Promise<void> {
  const n = await ctx.app.store.countInbox(ctx.mailbox!.mailboxId);
  if (ctx.version === 2) sendJson(ctx.res, 200, { count: n }, mediaType(2));
  else sendJson(ctx.res, 200, { count: n, internalID: `${ctx.mailbox!.mailboxId}_${Date.now()}`, allResultsIncluded: true });
}

function downloadHeaders(ctx: Ctx, m: MessageRow, n: number): Record<string, string> {
  const report = m.messageType === "REPORT";
  const total = m.totalChunks;
  const success = statusSuccess(m);
  const h: Record<string, string | undefined> = {
    "mex-from": m.sender || undefined,
    "mex-to": report ? m.recipient : m.addressedTo,
    "mex-workflowid": m.workflowId,
    "mex-chunk-range": `${n}:${total}`,
    "mex-total-chunks": String(total),
    "mex-addresstype": "ALL",
    "mex-localid": m.localId ?? undefined,
    "mex-partnerid": m.partnerId ?? undefined,
    "mex-subject": m.subject ?? undefined,
    "mex-filename": m.fileName ?? (report ? undefined : `${m.id}.dat`),
    "mex-version": "1.0",
    "mex-messagetype": m.messageType,
    "mex-messageid": m.id,
    "mex-content-compressed": m.compressed ? "Y" : undefined,
    "mex-content-encrypted": m.encrypted ? "Y" : undefined,
    "mex-content-checksum": m.checksum ?? undefined,
    "mex-content-type": m.contentType ?? undefined,
    "mex-statuscode": m.statusCode ?? (success ? "00" : undefined),
    "mex-statusevent": m.statusEvent ?? undefined,
    "mex-statusdescription": m.statusDescription ?? undefined,
    "mex-statussuccess": success ? "SUCCESS" : "ERROR",
    "mex-statustimestamp": compactTime(m.acceptedAt ?? m.statusAt),
    "mex-linkedmsgid": m.linkedMessageId ?? undefined,
    "last-modified": m.statusAt.toUTCString(),
    "content-type": ctx.version === 2 && total === 1 && m.contentType ? m.contentType : "application/octet-stream",
  };
  return Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
}

/** Recipient may read accepted messages (and acknowledged ones in sandbox mode); the sender may HEAD any. */
function checkReadable(ctx: Ctx, m: MessageRow | undefined, id: string, isHead: boolean): MessageRow {
  const me = ctx.mailbox!.mailboxId;
  if (!m) throw Errors.notFound(id);
  if (m.recipient !== me) {
    if (isHead && m.sender === me && !m.copyOf) return m;
    if (isHead) throw Errors.notFound(id);
    throw new MeshError(403, "Forbidden", "", "", id);
  }
  const ok = m.status === "accepted" || (m.status === "acknowledged" && ctx.app.config.serveAcknowledged);
  if (!ok) throw Errors.gone(id);
  return m;
}

function acceptsGzip(ctx: Ctx): boolean {
  const ae = header(ctx.req, "accept-encoding") ?? "";
  return ae.split(",").some((p) => {
    const [name, ...params] = p.trim().toLowerCase().split(";");
    return (name === "gzip" || name === "*") && !params.some((x) => /^\s*q=0(\.0*)?\s*$/.test(x));
  });
}

/** GET or HEAD of a message, or of one of its chunks. */
export async function download(ctx: Ctx): Promise<void> {
  const isHead = ctx.req.method === "HEAD";
  const id = ctx.params.messageId!;
  let n = 1;
  if (ctx.params.chunk !== undefined) {
    if (!/^\d+$/.test(ctx.params.chunk) || Number(ctx.params.chunk) < 1) {
      throw new ValidationError([{ type: "int_parsing", loc: ["path", "chunk_number"], msg: "Input should be a valid integer" }]);
    }
    n = Number(ctx.params.chunk);
  }
  const m = checkReadable(ctx, await ctx.app.store.get(id), id, isHead);
  const res = ctx.res;
  if (m.messageType === "REPORT") {
    sendEmpty(res, 200, downloadHeaders(ctx, m, 1));
    return;
  }
  if (n > m.totalChunks) throw Errors.notFound(id);
  const headers = downloadHeaders(ctx, m, n);
  // A HEAD of the whole message is 200 however many chunks it has (mesh-sandbox); a chunk still says 206.
  const status = n < m.totalChunks && !(isHead && ctx.params.chunk === undefined) ? 206 : 200;
  // A single-chunk message's size is on the row; only chunked messages need a stat per chunk.
  const size = m.totalChunks === 1 && m.fileSize > 0 ? m.fileSize : await ctx.app.chunks.chunkSize(m.storageId, n);
  if (size === null) throw Errors.notFound(id);
  const stored = m.contentEncoding === "gzip";
  const gzipOk = acceptsGzip(ctx);
  let transform: Transform | undefined;
  if (stored && gzipOk) {
    headers["content-encoding"] = "gzip";
    headers["mex-content-compressed"] = "Y";
  } else if (stored) {
    transform = createGunzip();
  } else if (gzipOk && ctx.version === 2) {
    // v2 negotiates compression on the fly (mesh-sandbox behaviour); level 1 keeps it cheap for big chunks.
    transform = createGzip({ level: 1 });
    headers["content-encoding"] = "gzip";
    headers["mex-content-compressed"] = "Y";
  }
  if (!transform) headers["content-length"] = String(size);
  if (isHead) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  if (!transform && size <= SMALL_BODY) {
    const body = ctx.app.chunks.readSmall(m.storageId, n);
    if (!body) throw Errors.notFound(id);
    res.writeHead(status, headers);
    res.end(body);
    return;
  }
  res.writeHead(status, headers);
  const file = ctx.app.chunks.openChunk(m.storageId, n, size);
  try {
    if (transform) await pipeline(file, transform, res);
    else await pipeline(file, res);
  } catch {
    // The client went away or the stored gzip was corrupt; the response is already under way.
    res.destroy();
  }
}

export async function acknowledge(ctx: Ctx): Promise<void> {
  const id = ctx.params.messageId!;
  const me = ctx.mailbox!.mailboxId;
  // The common case is one UPDATE; only when it changes nothing do we look at why.
  if (!(await ctx.app.store.acknowledge(id, me, ctx.app.clock.now()))) {
    const m = await ctx.app.store.get(id);
    if (!m || m.status === "uploading") throw Errors.notFound(id);
    if (m.recipient !== me) throw new MeshError(403, "Forbidden", "", "", id);
  }
  if (ctx.version === 2) sendEmpty(ctx.res, 200);
  else sendJson(ctx.res, 200, { messageId: id });
}

export function richRow(m: RichInboxRow, outbox: boolean): Record<string, unknown> {
  const blank = (v: string | null | undefined) => (outbox ? (v ?? "") : (v ?? null));
  return {
    message_id: m.id,
    expiry_timestamp: isoTime(m.inboxExpiresAt) ?? null,
    local_id: blank(m.localId),
    message_type: blank(m.messageType),
    recipient: m.recipient,
    recipient_name: blank(null),
    sender: m.sender,
    sender_name: null,
    sent_date: isoTime(m.createdAt),
    status: m.status,
    status_code: blank(m.statusCode),
    workflow_id: blank(m.workflowId),
    total_chunks: m.totalChunks,
  };
}

/**
 * What a HEAD of the message would tell, added to each rich inbox row (mesh-sandbox has none of it), so a
 * client can index a whole inbox from these pages instead of one HEAD per message (ADR 0112). A field
 * that was not given is null; a client that finds the fields missing altogether (mesh-sandbox, and this
 * server with MAILBOX_COMPAT=sandbox) asks with HEAD.
 */
export function inboxDetails(m: RichInboxRow): Record<string, unknown> {
  const report = m.messageType === "REPORT";
  return {
    subject: m.subject ?? null,
    file_name: m.fileName ?? (report ? null : `${m.id}.dat`),
    content_type: m.contentType ?? null,
    checksum: m.checksum ?? null,
    // The size a download of the whole message delivers, where one number gives it: one chunk, stored as sent.
    file_size: m.totalChunks === 1 && m.contentEncoding !== "gzip" && m.fileSize > 0 && !report ? m.fileSize : null,
    status_event: m.statusEvent ?? null,
    status_description: m.statusDescription ?? null,
    status_timestamp: isoTime(m.acceptedAt ?? m.statusAt) ?? null,
    linked_message_id: m.linkedMessageId ?? null,
  };
}

export async function rich(ctx: Ctx, outbox: boolean): Promise<void> {
  const q = ctx.url.searchParams;
  const max = outbox ? Math.min(intQuery(q, "max_results", 10, 5000, 100), 100) : intQuery(q, "max_results", 1, 2000, 100);
  const now = ctx.app.clock.now();
  const startRaw = q.get("start_time");
  let since = new Date(now.getTime() - RETENTION_MS);
  if (startRaw !== null) {
    const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(startRaw) ? startRaw : `${startRaw}Z`);
    if (!inTimeRange(t))
      throw new ValidationError([{ type: "datetime_parsing", loc: ["query", "start_time"], msg: "Input should be a valid datetime" }]);
    since = new Date(t);
  }
  const contRaw = q.get("continue_from");
  let beforeSeq: number | undefined;
  if (contRaw) {
    try {
      beforeSeq = (JSON.parse(Buffer.from(contRaw, "base64url").toString("utf8")) as { seq: number }).seq;
    } catch {
      beforeSeq = undefined;
    }
    if (!Number.isSafeInteger(beforeSeq))
      throw new ValidationError([{ type: "value_error", loc: ["query", "continue_from"], msg: "Invalid continue_from token" }]);
  }
  const mb = ctx.mailbox!.mailboxId;
  const rows = outbox
    ? await ctx.app.store.richOutbox(mb, since, beforeSeq, max + 1)
    : await ctx.app.store.richInbox(mb, since, beforeSeq, max + 1);
  const page = rows.slice(0, max);
  const names = ctx.app.directory.mailboxes;
  const base = `/messageexchange/${mb}/${outbox ? "outbox" : "inbox"}/rich`;
  const selfQ = new URLSearchParams({ start_time: isoTime(since)!, max_results: String(max) });
  const links: Record<string, string> = { self: `${base}?${selfQ}` };
  const last = page[page.length - 1];
  if (rows.length > max && last) {
    const nextQ = new URLSearchParams(selfQ);
    nextQ.set("continue_from", encodeCursor(last));
    links.next = `${base}?${nextQ}`;
  }
  const messages = page.map((m) => {
    const r = richRow(m, outbox);
    r.recipient_name = names.get(m.recipient)?.mailboxName ?? (outbox ? "" : null);
    r.sender_name = m.sender ? (names.get(m.sender)?.mailboxName ?? null) : "Central System Mailbox";
    return outbox || !ctx.app.config.richInboxDetails ? r : { ...r, ...inboxDetails(m) };
  });
  sendJson(ctx.res, 200, { valid_at: isoTime(now), messages, links }, mediaType(2));
}
