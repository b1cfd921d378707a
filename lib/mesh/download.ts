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
  let current: IncomingMessage = first;
  async function* parts(): AsyncGenerator<Buffer> {
    try {
      for (let n = 1; n <= total; n++) {
        if (n > 1) {
          current = await openChunk(requests, messageId, n, signal);
          const range = parseChunkRange(String(current.headers["mex-chunk-range"] ?? `${n}:${total}`));
          if (range && range.chunk !== n) {
            throw meshError("protocol", `asked for chunk ${n} of message ${messageId} but got chunk ${range.chunk}`);
          }
        }
        for await (const piece of decodedBody(current)) yield piece as Buffer;
      }
    } catch (error) {
      throw toMeshError(error, `download of message ${messageId}`);
    } finally {
      // Stops a half-read chunk when the consumer gives up; a finished one keeps its socket.
      if (!current.complete) current.destroy();
    }
  }
  const body = Readable.from(parts(), { objectMode: false, highWaterMark: 64 * 1024 });
  // Readable.from's destroy waits for the generator, which waits for MESH's next bytes: a stalled
  // MESH sends none, so the half-read chunk is ended first, which lets the generator finish.
  const destroyBody = body.destroy.bind(body);
  body.destroy = (error?: Error) => {
    if (!current.complete) current.destroy();
    return destroyBody(error);
  };
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
