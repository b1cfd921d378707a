import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { meshError } from "./errors";
import { decodedBody, toMeshError, withRetry } from "./http";
import type { CallOptions, MailboxRequests } from "./requests";
import { messageHeadersSchema, parseChunkRange, type MessageHeaders } from "./schemas";

export type MeshDownload = {
  headers: MessageHeaders & { messageId: string };
  /** All chunks in order, gzip decoded; chunks 2..N are fetched only as the stream is read. */
  body: Readable;
  /** The same bytes as a web stream, for a route handler's `Response`. */
  toWeb(): ReadableStream<Uint8Array>;
};

function openChunk(
  { call, mailboxUrl, options, retry }: MailboxRequests,
  messageId: string,
  chunk: number,
  signal?: AbortSignal,
): Promise<IncomingMessage> {
  const context = chunk === 1 ? `download of message ${messageId}` : `download of chunk ${chunk} of message ${messageId}`;
  return withRetry(
    () =>
      call({
        method: "GET",
        url: mailboxUrl(`/inbox/${encodeURIComponent(messageId)}${chunk === 1 ? "" : `/${chunk}`}`),
        headers: { "accept-encoding": options.acceptGzip === false ? "identity" : "gzip" },
        signal,
        context,
        streamedBody: true,
      }),
    retry,
    signal,
  );
}

function parseMessageHeaders(res: IncomingMessage, messageId: string, context: string) {
  const parsed = messageHeadersSchema.safeParse(res.headers);
  if (!parsed.success) {
    res.destroy();
    throw meshError("protocol", `the headers of ${context} are malformed: ${parsed.error.issues[0]?.message ?? ""}`);
  }
  return { ...parsed.data, messageId: parsed.data.messageId ?? messageId };
}

/** A message's metadata without its body (HEAD). Works for the sender and the recipient. */
export async function readMessageHeaders(
  { call, mailboxUrl, retry }: MailboxRequests,
  messageId: string,
  opts: CallOptions = {},
): Promise<MessageHeaders & { messageId: string }> {
  const context = `metadata of message ${messageId}`;
  return withRetry(
    async () => {
      const res = await call({ method: "HEAD", url: mailboxUrl(`/inbox/${encodeURIComponent(messageId)}`), signal: opts.signal, context });
      res.resume();
      return parseMessageHeaders(res, messageId, context);
    },
    retry,
    opts.signal,
  );
}

/** `MeshClient.download`: chunk 1 now, chunks 2..N as the stream is read, all gzip decoded. */
export async function downloadMessage(requests: MailboxRequests, messageId: string, opts: CallOptions = {}): Promise<MeshDownload> {
  const signal = opts.signal;
  const first = await openChunk(requests, messageId, 1, signal);
  const meta = parseMessageHeaders(first, messageId, `download of message ${messageId}`);
  const total = meta.chunkCount;
  if (first.statusCode === 206 && total < 2) {
    first.destroy();
    throw meshError("protocol", `message ${messageId} answered 206 (more chunks) but mex-chunk-range says ${meta.chunkNumber}:${total}`);
  }
  const body = chunkedBody(first, total, messageId, async (n) => {
    const res = await openChunk(requests, messageId, n, signal);
    const range = parseChunkRange(String(res.headers["mex-chunk-range"] ?? `${n}:${total}`));
    if (range && range.chunk !== n) {
      res.destroy();
      throw meshError("protocol", `asked for chunk ${n} of message ${messageId} but got chunk ${range.chunk}`);
    }
    return res;
  });
  if (signal) {
    const onAbort = () => body.destroy(meshError("cancelled", `the download of message ${messageId} was aborted`));
    signal.addEventListener("abort", onAbort, { once: true });
    body.once("close", () => signal.removeEventListener("abort", onAbort));
  }
  return {
    headers: meta,
    body,
    toWeb: () => Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>,
  };
}

/**
 * One stream of every chunk's decoded bytes, in order. Each response's pieces are pushed as they
 * arrive ('data' events, paused while the reader is behind), not pulled through an async iterator:
 * a 100 MB download is about 1,600 pieces, and each step of promises per piece costs the web hop
 * real CPU (ADR 0153). Chunk n + 1 is requested once chunk n has ended.
 */
function chunkedBody(
  first: IncomingMessage,
  total: number,
  messageId: string,
  openNext: (chunk: number) => Promise<IncomingMessage>,
): Readable {
  const context = `download of message ${messageId}`;
  let current = first;
  let source: Readable | undefined;
  let chunk = 1;
  const body = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      source?.resume();
    },
    destroy(error, callback) {
      // Stops a half-read chunk when the consumer gives up; a finished one keeps its socket.
      if (!current.complete) current.destroy();
      source?.destroy();
      callback(error);
    },
  });
  const follow = (res: IncomingMessage) => {
    current = res;
    const decoded = decodedBody(res);
    source = decoded;
    let ended = false;
    decoded.on("data", (piece: Buffer) => {
      if (!body.push(piece)) decoded.pause();
    });
    decoded.once("end", () => {
      ended = true;
      source = undefined;
      if (chunk >= total) {
        body.push(null);
        return;
      }
      chunk++;
      openNext(chunk).then(
        (next) => (body.destroyed ? next.destroy() : follow(next)),
        (error: unknown) => body.destroy(toMeshError(error, context)),
      );
    });
    decoded.once("error", (error) => body.destroy(toMeshError(error, context)));
    // A response cut off by the server ends in "close" without "end" (and, on some versions, without "error").
    decoded.once("close", () => {
      if (!ended && !body.destroyed) {
        body.destroy(toMeshError(Object.assign(new Error("the response ended early"), { code: "ECONNRESET" }), context));
      }
    });
  };
  follow(first);
  return body;
}
