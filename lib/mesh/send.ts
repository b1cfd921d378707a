import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import { ChunkReader, MAX_CHUNK_SIZE, byteIterable, checkChunkSize, type SendSource } from "./chunks";
import { MeshError, meshError } from "./errors";
import { MEX_HEADER_LIMITS } from "./header-limits";
import { readText, withRetry } from "./http";
import { parseJsonResponse, type CallOptions, type MailboxRequests } from "./requests";
import { sendResponseSchema } from "./schemas";

const gzip = promisify(gzipCallback);

const OCTET_STREAM = "application/octet-stream";

export type SendMetadata = {
  /** Recipient mailbox id. */
  to: string;
  workflowId: string;
  subject?: string;
  localId?: string;
  partnerId?: string;
  fileName?: string;
  /** Content type of the whole, decoded message. */
  contentType?: string;
  /** Sender-computed checksum, e.g. `sha256:<hex>`; MESH passes it through. */
  checksum?: string;
  /** Flag for the recipient: the payload itself is encrypted. */
  encrypted?: boolean;
  /** Flag for the recipient: the payload itself is compressed (not the same as `compress`). */
  payloadCompressed?: boolean;
};

export type SendOptions = CallOptions & {
  /** Gzip each chunk independently on the wire (`Content-Encoding: gzip`). */
  compress?: boolean;
  /** Exact length of the input if known; lets a long input stream straight through (no spooling). */
  size?: number;
  /** Called with the number of input (uncompressed) bytes sent so far. */
  onProgress?: (bytesSent: number) => void;
  chunkSize?: number;
};

export type SendResult = { messageId: string; chunkCount: number; bytes: number };

/**
 * Headers of chunk `n` of `total` (docs/mesh-protocol.md). Metadata travels on chunk 1 only.
 * Throws a `bad-request` MeshError for values MESH would reject, before anything is sent.
 */
export function buildSendHeaders(
  meta: SendMetadata,
  chunk: number,
  total: number,
  bodyLength: number,
  compress: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    "mex-chunk-range": `${chunk}:${total}`,
    "content-length": String(bodyLength),
    // A chunked message travels as bytes; its real type goes in mex-content-type.
    "content-type": total === 1 && meta.contentType ? meta.contentType : OCTET_STREAM,
  };
  if (compress) headers["content-encoding"] = "gzip";
  if (chunk > 1) return headers;
  const optional: Record<string, string | undefined> = {
    "mex-to": meta.to.trim().toUpperCase(),
    "mex-workflowid": meta.workflowId.trim(),
    "mex-subject": meta.subject,
    "mex-localid": meta.localId,
    "mex-partnerid": meta.partnerId,
    "mex-filename": meta.fileName,
    "mex-content-checksum": meta.checksum,
    "mex-content-type": meta.contentType,
    "mex-content-encrypted": meta.encrypted ? "Y" : undefined,
    "mex-content-compressed": meta.payloadCompressed ? "Y" : undefined,
  };
  for (const [name, value] of Object.entries(optional)) {
    if (value !== undefined && value !== "") headers[name] = value;
  }
  validateSendHeaders(headers);
  return headers;
}

function validateSendHeaders(headers: Record<string, string>): void {
  if (!headers["mex-to"]) throw meshError("bad-request", "a recipient mailbox (to) is required");
  if (!headers["mex-workflowid"]) throw meshError("bad-request", "a workflow id is required");
  for (const [name, value] of Object.entries(headers)) {
    const limit = MEX_HEADER_LIMITS[name];
    if (limit !== undefined && value.length > limit) {
      throw meshError("bad-request", `${name} is longer than ${limit} characters`);
    }
    // Headers travel as Latin-1; control characters are rejected by MESH (code 06) and by Node.
    if (/[^\x20-\x7e\xa0-\xff]/.test(value)) {
      throw meshError("bad-request", `${name} contains characters that cannot be sent in a MESH header`);
    }
    if (["mex-to", "mex-workflowid", "mex-content-checksum"].includes(name) && /^https?:\/\//i.test(value)) {
      throw meshError("bad-request", `${name} must not be a URL`);
    }
  }
  const checksum = headers["mex-content-checksum"];
  if (checksum !== undefined && !/^[A-Za-z0-9\s:/-]*$/.test(checksum)) {
    throw meshError("bad-request", "the checksum may contain only letters, digits, spaces, ':', '-' and '/'");
  }
}

/**
 * One chunk's bytes: in memory (a slice of a Buffer source, a gzip form, chunk 1 of a spooled
 * input), a range of the spool file, or streamed from the input as it arrives. Only a streamed
 * chunk cannot be sent twice, so it is never retried.
 */
type ChunkBody = { length: number; open: () => Buffer | Readable | AsyncIterable<Buffer>; replayable: boolean };

async function postChunk(
  { call, mailboxUrl, retry }: MailboxRequests,
  meta: SendMetadata,
  messageId: string | undefined,
  chunk: number,
  total: number,
  body: ChunkBody,
  compress: boolean,
  signal: AbortSignal | undefined,
  onBodyProgress: (written: number) => void,
): Promise<string> {
  const first = chunk === 1;
  const context = total === 1 ? "send" : `send of chunk ${chunk} of ${total}`;
  const attempt = async (): Promise<string> => {
    const res = await call({
      method: "POST",
      url: first ? mailboxUrl("/outbox") : mailboxUrl(`/outbox/${encodeURIComponent(messageId ?? "")}/${chunk}`),
      headers: buildSendHeaders(meta, chunk, total, body.length, compress),
      body: body.open(),
      onBodyProgress,
      signal,
      context,
    });
    const text = await readText(res, context);
    // Later chunks answer with a body that varies by server; ignore it.
    return first ? parseJsonResponse(text, sendResponseSchema, context).messageId : (messageId ?? "");
  };
  // Never retry the first POST: the server may have created the message and a retry would
  // create a duplicate. Later chunks overwrite themselves, so they are safe to repeat.
  return first || !body.replayable ? attempt() : withRetry(attempt, retry, signal);
}

/**
 * Chunk `n`'s bytes straight from the input, without gathering them first. The last piece of the
 * message waits until the input is known to end there, so an input that fails or runs long (or a
 * caller's check at its end, such as a checksum) stops the request before its last byte: the
 * server never completes the message.
 */
function streamedChunk(
  reader: ChunkReader,
  length: number,
  last: boolean,
  sentBefore: number,
  size: number,
  onPiece: (written: number) => void,
  failed: (error: unknown) => void,
): ChunkBody {
  async function* pieces() {
    let written = 0;
    try {
      while (written < length) {
        const piece = await reader.piece(length - written);
        if (piece.length === 0) {
          throw meshError("bad-request", `the input ended after ${sentBefore + written} bytes, but its size was given as ${size}`);
        }
        written += piece.length;
        if (written === length && last && !(await reader.atEnd())) {
          throw meshError("bad-request", `the input is longer than its given size of ${size} bytes`);
        }
        yield piece;
        onPiece(written);
      }
    } catch (error) {
      failed(error);
      throw error;
    }
  }
  // Handed to the transport as an async iterable: pipeline then writes each piece to the socket itself.
  return { length, open: () => pieces(), replayable: false };
}

const inMemory = (body: Buffer): ChunkBody => ({ length: body.length, open: () => body, replayable: true });

/** Writes the whole input to a private temp file so its length, and so N, is known. */
async function spool(
  reader: ChunkReader,
  spoolDir: string | undefined,
  signal?: AbortSignal,
): Promise<{ dir: string; file: string; size: number }> {
  const dir = await mkdtemp(path.join(spoolDir ?? os.tmpdir(), "mesh-send-"));
  const file = path.join(dir, "body");
  let size = 0;
  try {
    await pipeline(
      Readable.from(
        (async function* () {
          for await (const piece of reader.rest()) {
            size += piece.length;
            yield piece;
          }
        })(),
      ),
      createWriteStream(file, { mode: 0o600 }),
      { signal },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if ((error as Error).name === "AbortError") throw meshError("cancelled", "the send was aborted while reading the input");
    throw error;
  }
  return { dir, file, size };
}

/**
 * `MeshClient.send`: learns the length (spooling when it must), then posts chunk after chunk, each
 * streamed from the input as it arrives unless it is already in memory or must be gzipped.
 */
export async function sendMessage(
  requests: MailboxRequests,
  source: SendSource,
  meta: SendMetadata,
  opts: SendOptions = {},
): Promise<SendResult> {
  const chunkSize = checkChunkSize(opts.chunkSize ?? requests.chunkSize);
  const compress = opts.compress ?? false;
  // Validate metadata before reading a byte, so a typo fails fast.
  buildSendHeaders(meta, 1, 1, 0, compress);
  if (opts.size !== undefined && !(Number.isSafeInteger(opts.size) && opts.size >= 0)) {
    throw meshError("bad-request", `size must be a whole number of bytes, not ${opts.size}`);
  }
  if (opts.signal?.aborted) throw meshError("cancelled", "the send was aborted before it started");

  let reader = new ChunkReader(byteIterable(source));
  let spooled: { dir: string; file: string; first: Buffer } | undefined;
  // The input's own failure, seen by a streamed chunk; the transport only sees the request cut short.
  let inputFailure: { error: unknown } | undefined;
  let reported = 0;
  const report = (bytes: number) => {
    if (bytes > reported) {
      reported = bytes;
      opts.onProgress?.(bytes);
    }
  };
  try {
    let size = opts.size;
    if (size === undefined) {
      const first = await reader.read(chunkSize);
      if (await reader.atEnd()) {
        size = first.length;
        reader = new ChunkReader(byteIterable(first));
      } else {
        const rest = await spool(reader, requests.options.spoolDir, opts.signal);
        spooled = { ...rest, first };
        size = first.length + rest.size;
      }
    }
    if (size === 0) throw meshError("bad-request", "the message is empty, and MESH does not accept empty messages");
    const total = Math.ceil(size / chunkSize);
    let messageId: string | undefined;
    let sent = 0;
    for (let n = 1; n <= total; n++) {
      if (opts.signal?.aborted) throw meshError("cancelled", `the send was aborted before chunk ${n} of ${total}`);
      const expected = n < total ? chunkSize : size - chunkSize * (total - 1);
      const before = sent;
      const raw = spooled
        ? spooledChunk(spooled, n, chunkSize, expected)
        : await readChunk(reader, expected, n === total, compress, before, size);
      let body: ChunkBody;
      if (raw === null) {
        body = streamedChunk(
          reader,
          expected,
          n === total,
          before,
          size,
          (written) => report(before + written),
          (error) => (inputFailure = { error }),
        );
      } else if (compress) {
        const bytes = Buffer.isBuffer(raw) ? raw : await readAll(raw);
        const zipped = await gzip(bytes);
        if (zipped.length > MAX_CHUNK_SIZE) {
          throw meshError("too-large", `chunk ${n} is ${zipped.length} bytes after gzip; use a smaller chunk size`);
        }
        body = inMemory(zipped);
      } else {
        body = Buffer.isBuffer(raw) ? inMemory(raw) : { length: expected, open: raw, replayable: true };
      }
      try {
        messageId = await postChunk(requests, meta, messageId, n, total, body, compress, opts.signal, (written) =>
          report(before + Math.floor((written / body.length) * expected)),
        );
      } catch (error) {
        if (inputFailure) throw inputFailure.error;
        throw error;
      }
      sent += expected;
      report(sent);
    }
    return { messageId: messageId ?? "", chunkCount: total, bytes: size };
  } catch (error) {
    if (error instanceof MeshError) throw error;
    // Only the input and the spool file are read outside the transport, which maps its own
    // errors; a failed input (e.g. a browser that went away mid-upload) abandons the send.
    throw meshError("cancelled", `reading the input failed, so the send was abandoned (${(error as Error).message})`, {
      cause: error,
    });
  } finally {
    await reader.close().catch(() => undefined);
    if (spooled) await rm(spooled.dir, { recursive: true, force: true });
  }
}

/**
 * Chunk bytes already in hand (a slice of a Buffer source), or gathered when they must be gzipped;
 * null when the chunk should stream from the input. Checks the input's length as it goes.
 */
async function readChunk(
  reader: ChunkReader,
  expected: number,
  last: boolean,
  compress: boolean,
  sent: number,
  size: number,
): Promise<Buffer | null> {
  const raw = compress ? await reader.read(expected) : await reader.slice(expected);
  if (raw === null) return null;
  if (raw.length !== expected) {
    throw meshError("bad-request", `the input ended after ${sent + raw.length} bytes, but its size was given as ${size}`);
  }
  if (last && !(await reader.atEnd())) throw meshError("bad-request", `the input is longer than its given size of ${size} bytes`);
  return raw;
}

/** Chunk 1 of a spooled input is in memory; chunk n ≥ 2 is a byte range of the spool file, opened per attempt. */
function spooledChunk(spooled: { file: string; first: Buffer }, n: number, chunkSize: number, length: number): Buffer | (() => Readable) {
  if (n === 1) return spooled.first;
  const start = (n - 2) * chunkSize;
  // A temporary file made at run time: nothing for the build to trace.
  return () => createReadStream(/* turbopackIgnore: true */ spooled.file, { start, end: start + length - 1 });
}

async function readAll(open: () => Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of open()) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
