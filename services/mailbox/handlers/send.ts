import type { IncomingMessage } from "node:http";
import { MEX_HEADER_LIMITS } from "../../../lib/mesh/header-limits";
import type { Ctx } from "../context";
import type { NewMessageRow } from "../db/schema";
import { route } from "../delivery-rules";
import { Errors, GenericError, MeshError, ValidationError, type ValidationItem } from "../errors";
import { CONTROL_CHARS, header, mediaType, sendEmpty, sendJson } from "../http-util";
import { newMessageId } from "../message-id";
import { acceptedColumns, acceptedEvent, copyRows } from "../message-rows";
import { PayloadTooLargeError } from "../storage";

const flag = (v: string | undefined) => !!v && ["y", "yes", "t", "true", "on", "1"].includes(v.trim().toLowerCase());
const isUrl = (v: string | undefined) => !!v && /^https?:\/\//i.test(v.trim());

/** Every string header we read must be free of control characters (code 06), checked before anything else. */
function checkControlChars(req: IncomingMessage): void {
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith("mex-") && name !== "content-type" && name !== "content-encoding") continue;
    const values = Array.isArray(value) ? value : [value ?? ""];
    if (values.some((v) => CONTROL_CHARS.test(v))) throw Errors.malformed();
  }
}

export function handshake(ctx: Ctx): void {
  const items: ValidationItem[] = [];
  for (const h of ["mex-clientversion", "mex-osname", "mex-osversion"]) {
    if (header(ctx.req, h) === undefined) items.push({ type: "missing", loc: ["header", h], msg: "Field required" });
  }
  if (items.length) throw new ValidationError(items);
  if (ctx.version === 2) sendEmpty(ctx.res, 200);
  else sendJson(ctx.res, 200, { mailboxId: ctx.mailbox!.mailboxId });
}

/** `n:N` → numbers, or null when malformed. */
export function parseChunkRange(v: string | undefined): { n: number; total: number } | null {
  const m = /^(\d{1,9}):(\d{1,9})$/.exec((v ?? "").trim());
  if (!m) return null;
  const n = Number(m[1]);
  const total = Number(m[2]);
  if (n < 1 || total < 1 || n > total) return null;
  return { n, total };
}

/** The request's Content-Length, when it sent a usable one (chunked uploads may not). */
function declaredLength(ctx: Ctx): number | undefined {
  const len = Number(header(ctx.req, "content-length") ?? "NaN");
  return Number.isFinite(len) && len >= 0 ? len : undefined;
}

/** Refuses, before reading it, a body over the request limit or one that would take the sender past its quota. */
function refuseOversize(ctx: Ctx): void {
  const { maxRequestBytes, quotaBytes } = ctx.app.config;
  const len = declaredLength(ctx);
  if (len !== undefined && len > maxRequestBytes) throw tooLarge(maxRequestBytes);
  const stored = ctx.app.store.storedBytes(ctx.mailbox!.mailboxId);
  if (stored + (len ?? 0) > quotaBytes || stored >= quotaBytes) {
    throw new MeshError(
      417,
      `Mailbox storage quota of ${quotaBytes} bytes exceeded: ${stored} bytes are stored`,
      "SEND",
      "QuotaExceeded",
      undefined,
      {
        connection: "close",
      },
    );
  }
}

function tooLarge(limit: number): MeshError {
  // The body is not read; closing the connection stops the client from pushing 100 MB for nothing.
  return new MeshError(413, `Payload exceeds the limit of ${limit} bytes per request`, "SEND", "PayloadTooLarge", undefined, {
    connection: "close",
  });
}

async function storeBody(ctx: Ctx, storageId: string, n: number, messageId?: string): Promise<number> {
  try {
    const bytes = await ctx.app.chunks.writeChunk(storageId, n, ctx.req, ctx.app.config.maxRequestBytes, declaredLength(ctx));
    if (bytes === 0) {
      await ctx.app.chunks.removeChunk(storageId, n);
      throw new MeshError(417, "Data file is missing or inaccessible.", "COLLECT", "02", messageId);
    }
    return bytes;
  } catch (err) {
    if (err instanceof PayloadTooLargeError) throw tooLarge(err.limit);
    throw err;
  }
}

function versioned(ctx: Ctx, status: number, v1: unknown, v2: unknown): void {
  sendJson(ctx.res, status, ctx.version === 2 ? v2 : v1, mediaType(ctx.version));
}

export async function send(ctx: Ctx): Promise<void> {
  const { app, req } = ctx;
  const sender = ctx.mailbox!;
  checkControlChars(req);
  const items: ValidationItem[] = [];
  for (const h of ["mex-to", "mex-workflowid"]) {
    if (header(req, h) === undefined) items.push({ type: "missing", loc: ["header", h], msg: "Field required" });
  }
  for (const [h, max] of Object.entries(MEX_HEADER_LIMITS)) {
    const v = header(req, h);
    if (v !== undefined && v.length > max)
      items.push({ type: "string_too_long", loc: ["header", h], msg: `String should have at most ${max} characters` });
  }
  if (items.length) throw new ValidationError(items);
  const checksum = header(req, "mex-content-checksum");
  if (isUrl(header(req, "mex-to")) || isUrl(header(req, "mex-workflowid")) || isUrl(checksum)) throw Errors.malformed();
  if (checksum && !/^[A-Za-z0-9\s:\-/]*$/.test(checksum)) throw new MeshError(400, "Invalid checksum", "SEND", "Invalid checksum");
  const to = header(req, "mex-to")!.trim().toUpperCase();
  const workflowId = header(req, "mex-workflowid")!.trim();
  if (!to) throw new MeshError(400, "TO_DTS missing", "SEND", "08");
  if (!workflowId)
    throw new ValidationError([
      { type: "string_too_short", loc: ["header", "mex-workflowid"], msg: "String should have at least 1 character" },
    ]);
  const from = header(req, "mex-from");
  if (from !== undefined && from.trim() && from.trim().toUpperCase() !== sender.mailboxId) {
    throw new MeshError(417, "Invalid From address", "SEND", "07");
  }
  const messageType = header(req, "mex-messagetype");
  if (messageType !== undefined && messageType.trim() && messageType.trim().toUpperCase() !== "DATA") {
    throw new MeshError(417, "Invalid message type", "SEND", "11");
  }
  const encoding = header(req, "content-encoding")?.trim().toLowerCase() || null;
  if (encoding && encoding !== "gzip") throw new MeshError(422, "Unsupported content encoding", "SEND", "UnsupportedContentEncoding");
  const rangeHeader = header(req, "mex-chunk-range");
  let total = 1;
  if (rangeHeader !== undefined && rangeHeader.trim() !== "") {
    const r = parseChunkRange(rangeHeader);
    if (!r || r.n !== 1) throw Errors.chunkRange();
    if (r.total > app.config.maxChunks) throw Errors.chunkRange(undefined, `A message may have at most ${app.config.maxChunks} chunks`);
    total = r.total;
  }
  const recipient = app.directory.mailboxes.get(to);
  if (!recipient) throw new MeshError(417, "Unregistered to address", "SEND", "12");
  if (sender.workflows && !sender.workflows.has(workflowId)) {
    throw new MeshError(417, "Sender is not allowed to send messages of this type", "SEND", "16");
  }
  if (recipient.workflows && !recipient.workflows.has(workflowId)) {
    throw new MeshError(417, "Workflow ID is not registered for the recipient mailbox", "SEND", "17");
  }
  refuseOversize(ctx);

  const started = app.clock.now();
  const id = newMessageId(started);
  const bytes = await storeBody(ctx, id, 1);
  const now = app.clock.now();
  const routing = route(app.directory.rules, sender.mailboxId, to, workflowId);
  const accepted = total === 1;
  const row: NewMessageRow = {
    id,
    storageId: id,
    sender: sender.mailboxId,
    recipient: routing.redirectTo ?? to,
    addressedTo: to,
    redirectedTo: accepted ? (routing.redirectTo ?? null) : null,
    workflowId,
    messageType: "DATA",
    status: "uploading",
    totalChunks: total,
    chunksReceived: 1,
    fileSize: bytes,
    subject: header(req, "mex-subject") ?? null,
    contentType: (header(req, "mex-content-type") ?? header(req, "content-type"))?.trim().toLowerCase() || null,
    contentEncoding: encoding,
    fileName: header(req, "mex-filename") ?? null,
    localId: header(req, "mex-localid") ?? null,
    partnerId: header(req, "mex-partnerid") ?? null,
    checksum: checksum ?? null,
    encrypted: flag(header(req, "mex-content-encrypted")),
    compressed: flag(header(req, "mex-content-compressed")),
    statusAt: now,
    events: accepted ? [acceptedEvent(now)] : [{ status: "uploading", timestamp: now.toISOString() }],
    createdAt: now,
    updatedAt: now,
    ...(accepted ? acceptedColumns(now) : {}),
  };
  if (!accepted) row.recipient = to; // rules are applied when the last chunk lands
  // One INSERT statement for the message and its CC copies: atomic without an explicit transaction.
  const rows = accepted ? [row, ...copyRows(row, routing.ccTo, now)] : [row];
  await app.store.insertMany(rows);
  versioned(ctx, 202, { messageID: id }, { message_id: id });
}

export async function sendChunk(ctx: Ctx): Promise<void> {
  const { app, req } = ctx;
  const id = ctx.params.messageId!;
  const nRaw = ctx.params.chunk!;
  if (!/^\d+$/.test(nRaw)) {
    throw new ValidationError([{ type: "int_parsing", loc: ["path", "chunk_number"], msg: "Input should be a valid integer" }]);
  }
  const n = Number(nRaw);
  checkControlChars(req);
  const msg = await app.store.get(id);
  if (!msg || msg.copyOf) throw new MeshError(404, "Not Found", "", "", id);
  if (msg.sender !== ctx.mailbox!.mailboxId) throw new MeshError(403, "Forbidden", "", "", id);
  const range = parseChunkRange(header(req, "mex-chunk-range"));
  if (!range || range.n !== n) throw Errors.chunkRange(id);
  if (msg.messageType !== "DATA" || n > msg.totalChunks) throw new GenericError(406);
  if (msg.status !== "uploading") throw new GenericError(423);
  // mesh-sandbox does not check that N matches chunk 1's; we do (ADR 0106), it costs clients nothing.
  if (range.total !== msg.totalChunks)
    throw Errors.chunkRange(id, `Chunk range total ${range.total} does not match the ${msg.totalChunks} declared on chunk 1`);
  const encoding = header(req, "content-encoding")?.trim().toLowerCase() || null;
  if (encoding !== msg.contentEncoding) throw new MeshError(417, "cannot change content encoding", "SEND", "", id);
  if (n <= msg.chunksReceived) throw Errors.chunkRange(id, `Chunk ${n} has already been received`);
  if (n !== msg.chunksReceived + 1) throw Errors.chunkRange(id, `Chunk ${n} sent before chunk ${msg.chunksReceived + 1}`);
  if (app.uploading.has(id)) throw Errors.chunkRange(id, "Another chunk of this message is being received");
  refuseOversize(ctx);
  app.uploading.add(id);
  try {
    // Re-check under the per-message guard: an upload that finished a moment ago may have taken this chunk.
    const fresh = await app.store.get(id);
    if (!fresh || fresh.status !== "uploading") throw new GenericError(423);
    if (fresh.chunksReceived !== n - 1) throw Errors.chunkRange(id, `Chunk ${n} has already been received`);
    const bytes = await storeBody(ctx, msg.storageId, n, id);
    const now = app.clock.now();
    if (n < msg.totalChunks) {
      if (!(await app.store.recordChunk(id, n, bytes, now))) throw Errors.chunkRange(id, `Chunk ${n} has already been received`);
      app.store.noteStored(msg.sender, bytes);
    } else {
      const routing = route(app.directory.rules, msg.sender, msg.addressedTo, msg.workflowId);
      const base: NewMessageRow = { ...msg, chunksReceived: msg.totalChunks };
      const ok = await app.store.finalise(
        id,
        { n, bytes },
        { now, redirectedTo: routing.redirectTo },
        copyRows(base, routing.ccTo, now).map((c) => {
          const { seq: _seq, ...rest } = c as NewMessageRow & { seq?: number };
          return rest;
        }),
      );
      if (!ok) throw Errors.chunkRange(id, `Chunk ${n} has already been received`);
      app.store.noteStored(msg.sender, bytes);
    }
  } finally {
    app.uploading.delete(id);
  }
  // v2 body follows the spec ({message_id}) rather than mesh-sandbox's `null`; v1 carries both spellings.
  versioned(ctx, 202, { messageID: id, blockID: n, blockId: n }, { message_id: id });
}
