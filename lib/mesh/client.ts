import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import type { z } from "zod";
import { freshAuthToken } from "./auth-token";
import { ChunkReader, DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, byteIterable, type SendSource } from "./chunks";
import { MeshError, meshError } from "./errors";
import { MEX_HEADER_LIMITS } from "./header-limits";
import {
  DEFAULT_RETRY,
  createHttpTransport,
  decodedBody,
  errorFrom,
  readText,
  toMeshError,
  withRetry,
  type HttpRequest,
  type MeshTlsOptions,
  type RetryPolicy,
} from "./http";
import {
  addressResultsSchema,
  countSchema,
  inboxPageSchema,
  messageHeadersSchema,
  parseChunkRange,
  richPageSchema,
  sendResponseSchema,
  trackingSchema,
  trackingV1Schema,
  type InboxPage,
  type MailboxAddress,
  type MessageHeaders,
  type RichMessage,
  type Tracking,
  type TrackingV1,
} from "./schemas";
import { MESH_CLIENT_NAME, MESH_CLIENT_VERSION } from "./version";

const gzip = promisify(gzipCallback);

export const ACCEPT_V2 = "application/vnd.mesh.v2+json";
export const ACCEPT_V1 = "application/vnd.mesh.v1+json";
const OCTET_STREAM = "application/octet-stream";

export type MeshClientOptions = {
  /** Origin of the MESH server, e.g. `https://msg.intspineservices.nhs.uk` (see MESH_ENVIRONMENTS). */
  baseUrl: string;
  mailboxId: string;
  password: string;
  sharedKey: string;
  tls?: MeshTlsOptions;
  /** Bytes of uncompressed data per chunk; default 20 MiB, at most 100,000,000. */
  chunkSize?: number;
  /** Inactivity timeout per request (no bytes either way); default 2 minutes. */
  timeoutMs?: number;
  userAgent?: string;
  retry?: Partial<RetryPolicy>;
  /** Where `send` spools input of unknown length; default the OS temp folder. */
  spoolDir?: string;
  /**
   * Ask for downloads gzip-compressed (`Accept-Encoding: gzip`, the default, as mesh-client does). Worth
   * turning off only where bandwidth is free, such as a mailbox server on the same machine.
   */
  acceptGzip?: boolean;
};

export type CallOptions = { signal?: AbortSignal };

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

export type ListInboxOptions = CallOptions & {
  /** mesh-api.md §5.4 syntax: `WF`, `!WF`, `WF*`, `!WF*`, `*PART*`, `!*PART*`. */
  workflowFilter?: string;
  /** Page size, 10–5000. */
  maxResults?: number;
};

export type RichListOptions = CallOptions & { startTime?: Date; maxResults?: number };

export type MeshDownload = {
  headers: MessageHeaders & { messageId: string };
  /** All chunks in order, gzip decoded; chunks 2..N are fetched only as the stream is read. */
  body: Readable;
  /** The same bytes as a web stream, for a route handler's `Response`. */
  toWeb(): ReadableStream<Uint8Array>;
};

export type MeshClient = ReturnType<typeof createMeshClient>;

/**
 * Headers of chunk `n` of `total` (mesh-api.md §5.2, §5.3, §6.1). Metadata travels on chunk 1 only.
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

/** Parses JSON with a zod schema; anything unexpected is a `protocol` MeshError. */
export function parseJsonResponse<S extends z.ZodType>(text: string, schema: S, context: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw meshError("protocol", `the response to ${context} is not JSON (${text.slice(0, 80) || "empty body"})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw meshError("protocol", `the response to ${context} has an unexpected shape${where}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

function defaultUserAgent(): string {
  return `${MESH_CLIENT_NAME};${MESH_CLIENT_VERSION};node ${process.version};${os.arch()};${os.type()};${os.release()}`;
}

/** Creates a MESH API client for one mailbox. Close it when done to free pooled connections. */
export function createMeshClient(options: MeshClientOptions) {
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const mailbox = options.mailboxId.trim().toUpperCase();
  const chunkSizeDefault = checkChunkSize(options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const userAgent = options.userAgent ?? defaultUserAgent();
  const transport = createHttpTransport(base, options.tls);
  if (!mailbox || /[\s:]/.test(mailbox)) throw meshError("bad-request", `"${options.mailboxId}" is not a mailbox id`);

  const seg = encodeURIComponent;
  const url = (pathAndQuery: string) => new URL(`${basePath}/messageexchange${pathAndQuery}`, base.origin);
  const mailboxUrl = (rest = "", query?: Record<string, string | undefined>) => {
    const target = url(`/${seg(mailbox)}${rest}`);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) target.searchParams.set(key, value);
    return target;
  };

  function headers(extra: Record<string, string> = {}, accept = ACCEPT_V2): Record<string, string> {
    return {
      authorization: freshAuthToken(mailbox, options.password, options.sharedKey),
      accept,
      "user-agent": userAgent,
      ...extra,
    };
  }

  async function call(
    req: Omit<HttpRequest, "timeoutMs" | "headers"> & { headers?: Record<string, string>; accept?: string },
    ok: (status: number) => boolean = (s) => s >= 200 && s < 300,
  ): Promise<IncomingMessage> {
    const res = await transport.request({
      ...req,
      // Built per attempt so that a retry carries a fresh single-use token.
      headers: headers(req.headers, req.accept),
      timeoutMs,
    });
    if (!ok(res.statusCode ?? 0)) throw await errorFrom(res, req.context);
    return res;
  }

  async function drain(res: IncomingMessage, context: string): Promise<void> {
    await readText(res, context);
  }

  async function getJson<S extends z.ZodType>(
    target: URL,
    schema: S,
    context: string,
    opts: CallOptions & { accept?: string; ok?: (status: number) => boolean } = {},
  ): Promise<z.output<S>> {
    return withRetry(
      async () => {
        const res = await call({ method: "GET", url: target, signal: opts.signal, context, accept: opts.accept }, opts.ok);
        return parseJsonResponse(await readText(res, context), schema, context);
      },
      retry,
      opts.signal,
    );
  }

  /** Resolves a `links.next` path from the server; refuses to send credentials to another origin. */
  function followLink(link: string, context: string): URL {
    const target = new URL(link, base.origin);
    if (target.origin !== base.origin) throw meshError("protocol", `${context} returned a link to another server (${target.origin})`);
    return target;
  }

  async function* pages<T extends { next?: string }>(first: URL, fetchPage: (target: URL) => Promise<T>, context: string) {
    const seen = new Set<string>();
    let target: URL | undefined = first;
    while (target) {
      const page: T = await fetchPage(target);
      yield page;
      if (!page.next) return;
      if (seen.has(page.next)) throw meshError("protocol", `${context} returned the same next link twice`);
      seen.add(page.next);
      target = followLink(page.next, context);
    }
  }

  async function openChunk(messageId: string, chunk: number, signal?: AbortSignal): Promise<IncomingMessage> {
    const context = chunk === 1 ? `download of message ${messageId}` : `download of chunk ${chunk} of message ${messageId}`;
    return withRetry(
      () =>
        call({
          method: "GET",
          url: mailboxUrl(`/inbox/${seg(messageId)}${chunk === 1 ? "" : `/${chunk}`}`),
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

  async function postChunk(
    meta: SendMetadata,
    messageId: string | undefined,
    chunk: number,
    total: number,
    body: Buffer,
    compress: boolean,
    signal: AbortSignal | undefined,
    onBodyProgress: (written: number) => void,
  ): Promise<string> {
    const first = chunk === 1;
    const context = total === 1 ? "send" : `send of chunk ${chunk} of ${total}`;
    const attempt = async (): Promise<string> => {
      const res = await call({
        method: "POST",
        url: first ? mailboxUrl("/outbox") : mailboxUrl(`/outbox/${seg(messageId ?? "")}/${chunk}`),
        headers: buildSendHeaders(meta, chunk, total, body.length, compress),
        body,
        onBodyProgress,
        signal,
        context,
      });
      const text = await readText(res, context);
      // Later chunks answer with a body that varies by server (mesh-api.md §5.3); ignore it.
      return first ? parseJsonResponse(text, sendResponseSchema, context).messageId : (messageId ?? "");
    };
    // Never retry the first POST: the server may have created the message and a retry would
    // create a duplicate. Later chunks overwrite themselves, so they are safe to repeat.
    return first ? attempt() : withRetry(attempt, retry, signal);
  }

  /** Writes the whole input to a private temp file so its length, and so N, is known. */
  async function spool(reader: ChunkReader, signal?: AbortSignal): Promise<{ dir: string; file: string; size: number }> {
    const dir = await mkdtemp(path.join(options.spoolDir ?? os.tmpdir(), "mesh-send-"));
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

  return {
    mailboxId: mailbox,

    /** Validates the mailbox and tells MESH it is in use; call at least daily. */
    async handshake(opts: CallOptions = {}): Promise<void> {
      const context = "handshake";
      await withRetry(
        async () => {
          const res = await call({
            method: "POST",
            url: mailboxUrl(),
            headers: {
              "content-length": "0",
              "mex-clientversion": `${MESH_CLIENT_NAME}==${MESH_CLIENT_VERSION}`,
              "mex-osname": os.type(),
              "mex-osversion": os.release(),
              "mex-osarchitecture": os.arch(),
            },
            signal: opts.signal,
            context,
          });
          await drain(res, context);
        },
        retry,
        opts.signal,
      );
    },

    /**
     * Sends a message of any length in chunks. Holds one chunk in memory (plus its gzip form when
     * `compress` is on); input of unknown length that does not fit one chunk is first spooled to
     * a private temp file to learn N (docs/adr/0150). If the call fails or is aborted before the
     * last chunk, the message is never finalised and the recipient never sees it.
     */
    async send(source: SendSource, meta: SendMetadata, opts: SendOptions = {}): Promise<SendResult> {
      const chunkSize = checkChunkSize(opts.chunkSize ?? chunkSizeDefault);
      const compress = opts.compress ?? false;
      // Validate metadata before reading a byte, so a typo fails fast.
      buildSendHeaders(meta, 1, 1, 0, compress);
      if (opts.size !== undefined && !(Number.isSafeInteger(opts.size) && opts.size >= 0)) {
        throw meshError("bad-request", `size must be a whole number of bytes, not ${opts.size}`);
      }
      if (opts.signal?.aborted) throw meshError("cancelled", "the send was aborted before it started");

      let reader = new ChunkReader(byteIterable(source));
      let spooled: { dir: string } | undefined;
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
            const rest = await spool(reader, opts.signal);
            spooled = rest;
            const firstPart = first;
            const file = rest.file;
            size = firstPart.length + rest.size;
            reader = new ChunkReader(
              (async function* () {
                yield firstPart;
                for await (const piece of createReadStream(file)) yield piece as Buffer;
              })(),
            );
          }
        }
        if (size === 0) throw meshError("bad-request", "the message is empty, and MESH does not accept empty messages");
        const total = Math.ceil(size / chunkSize);
        let messageId: string | undefined;
        let sent = 0;
        for (let n = 1; n <= total; n++) {
          if (opts.signal?.aborted) throw meshError("cancelled", `the send was aborted before chunk ${n} of ${total}`);
          const raw = await reader.read(chunkSize);
          const expected = n < total ? chunkSize : size - chunkSize * (total - 1);
          if (raw.length !== expected) {
            throw meshError("bad-request", `the input ended after ${sent + raw.length} bytes, but its size was given as ${size}`);
          }
          if (n === total && !(await reader.atEnd())) {
            throw meshError("bad-request", `the input is longer than its given size of ${size} bytes`);
          }
          const body = compress ? await gzip(raw) : raw;
          if (body.length > MAX_CHUNK_SIZE) {
            throw meshError("too-large", `chunk ${n} is ${body.length} bytes after gzip; use a smaller chunk size`);
          }
          const before = sent;
          messageId = await postChunk(meta, messageId, n, total, body, compress, opts.signal, (written) =>
            report(before + Math.floor((written / body.length) * raw.length)),
          );
          sent += raw.length;
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
    },

    /** One page of the inbox; `next` is the link to the following page, if any. */
    async listInboxPage(opts: ListInboxOptions & { next?: string } = {}): Promise<InboxPage> {
      const target = opts.next
        ? followLink(opts.next, "inbox list")
        : mailboxUrl("/inbox", inboxQuery(opts));
      return getJson(target, inboxPageSchema, "inbox list", opts);
    },

    /** Every message id ready to download, oldest first, following `links.next` to the end. */
    async listInbox(opts: ListInboxOptions = {}): Promise<string[]> {
      const ids: string[] = [];
      const fetchPage = (target: URL) => getJson(target, inboxPageSchema, "inbox list", opts);
      for await (const page of pages(mailboxUrl("/inbox", inboxQuery(opts)), fetchPage, "inbox list")) {
        ids.push(...page.messageIds);
      }
      return ids;
    },

    /** Number of messages ready to download (a deprecated endpoint, still served). */
    async inboxCount(opts: CallOptions = {}): Promise<number> {
      return getJson(mailboxUrl("/count"), countSchema, "inbox count", opts);
    },

    /** A message's metadata without its body (HEAD). Works for the sender and the recipient. */
    async messageHeaders(messageId: string, opts: CallOptions = {}): Promise<MessageHeaders & { messageId: string }> {
      const context = `metadata of message ${messageId}`;
      return withRetry(
        async () => {
          const res = await call({ method: "HEAD", url: mailboxUrl(`/inbox/${seg(messageId)}`), signal: opts.signal, context });
          res.resume();
          return parseMessageHeaders(res, messageId, context);
        },
        retry,
        opts.signal,
      );
    },

    /**
     * Downloads a message as one stream. Resolves once chunk 1's headers arrive; chunks 2..N are
     * requested only as the stream is consumed, and each gzip part is decoded. Errors after that
     * (including a later chunk failing) arrive as a MeshError on the stream.
     */
    async download(messageId: string, opts: CallOptions = {}): Promise<MeshDownload> {
      const signal = opts.signal;
      const first = await openChunk(messageId, 1, signal);
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
              current = await openChunk(messageId, n, signal);
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
    },

    /** Removes a message from the inbox once it has been processed. Safe to repeat. */
    async acknowledge(messageId: string, opts: CallOptions = {}): Promise<void> {
      const context = `acknowledgement of message ${messageId}`;
      await withRetry(
        async () => {
          const res = await call({
            method: "PUT",
            url: mailboxUrl(`/inbox/${seg(messageId)}/status/acknowledged`),
            headers: { "content-length": "0" },
            signal: opts.signal,
            context,
          });
          await drain(res, context);
        },
        retry,
        opts.signal,
      );
    },

    /** Delivery status of a message this mailbox sent (v2 shape). */
    async track(messageId: string, opts: CallOptions = {}): Promise<Tracking> {
      return getJson(mailboxUrl("/outbox/tracking", { messageID: messageId }), trackingSchema, `tracking of message ${messageId}`, opts);
    },

    /** Delivery status in the older, richer v1 shape (sender details, file size, chunk count). */
    async trackV1(messageId: string, opts: CallOptions = {}): Promise<TrackingV1> {
      return getJson(mailboxUrl("/outbox/tracking", { messageID: messageId }), trackingV1Schema, `tracking of message ${messageId}`, {
        ...opts,
        accept: ACCEPT_V1,
      });
    },

    /** Deprecated tracking by local id (always v1). Several matches: a `bad-request` MeshError with status 300. */
    async trackByLocalId(localId: string, opts: CallOptions = {}): Promise<TrackingV1> {
      return getJson(mailboxUrl(`/outbox/tracking/${seg(localId)}`), trackingV1Schema, `tracking of local id ${localId}`, {
        ...opts,
        accept: ACCEPT_V1,
      });
    },

    /** Mailboxes of organisation `odsCode` that receive `workflowId`; empty when none. */
    async lookupEndpoint(odsCode: string, workflowId: string, opts: CallOptions = {}): Promise<MailboxAddress[]> {
      requireText(odsCode, "ODS code");
      requireText(workflowId, "workflow id");
      return getJson(
        url(`/endpointlookup/${seg(odsCode.trim().toUpperCase())}/${seg(workflowId.trim())}`),
        addressResultsSchema,
        `endpoint lookup of ${odsCode} for ${workflowId}`,
        opts,
      );
    },

    /** Every mailbox that receives `workflowId`. */
    async searchWorkflow(workflowId: string, opts: CallOptions = {}): Promise<MailboxAddress[]> {
      requireText(workflowId, "workflow id");
      return getJson(url(`/workflowsearch/${seg(workflowId.trim())}`), addressResultsSchema, `workflow search for ${workflowId}`, opts);
    },

    /** Rich inbox listing (every status, newest first), or null when the server does not offer it. */
    async richInbox(opts: RichListOptions = {}): Promise<RichMessage[] | null> {
      return rich("/inbox/rich", "rich inbox", opts);
    },

    /** Rich outbox listing (what this mailbox sent), or null when the server does not offer it. */
    async richOutbox(opts: RichListOptions = {}): Promise<RichMessage[] | null> {
      return rich("/outbox/rich", "rich outbox", opts);
    },

    /** Frees pooled connections; the client must not be used afterwards. */
    close(): void {
      transport.close();
    },
  };

  async function rich(rest: string, context: string, opts: RichListOptions): Promise<RichMessage[] | null> {
    const query = {
      start_time: opts.startTime?.toISOString(),
      max_results: opts.maxResults === undefined ? undefined : String(opts.maxResults),
    };
    const messages: RichMessage[] = [];
    const fetchPage = (target: URL) => getJson(target, richPageSchema, context, opts);
    try {
      for await (const page of pages(mailboxUrl(rest, query), fetchPage, context)) messages.push(...page.messages);
    } catch (error) {
      // These views are undocumented (mesh-api.md §5.12); a server without them answers 404.
      if (error instanceof MeshError && error.status === 404) return null;
      throw error;
    }
    return messages;
  }
}

function inboxQuery(opts: ListInboxOptions): Record<string, string | undefined> {
  if (opts.maxResults !== undefined && !(Number.isInteger(opts.maxResults) && opts.maxResults >= 10 && opts.maxResults <= 5000)) {
    throw meshError("bad-request", `maxResults must be a whole number from 10 to 5000, not ${opts.maxResults}`);
  }
  const filter = opts.workflowFilter?.trim();
  if (filter !== undefined && (filter.length < 2 || filter.length > 255)) {
    throw meshError("bad-request", "a workflow filter must be 2 to 255 characters long");
  }
  return { max_results: opts.maxResults === undefined ? undefined : String(opts.maxResults), workflow_filter: filter };
}

function checkChunkSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_CHUNK_SIZE) {
    throw meshError("bad-request", `chunk size must be a whole number of bytes from 1 to ${MAX_CHUNK_SIZE}, not ${size}`);
  }
  return size;
}

function requireText(value: string, what: string): void {
  if (!value.trim()) throw meshError("bad-request", `a ${what} is required`);
  if (value.includes("/")) throw meshError("bad-request", `a ${what} cannot contain "/"`);
}
