import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import { createGunzip } from "node:zlib";
import { MeshError, meshError, meshErrorFromResponse } from "./errors";

/**
 * Client certificate, key and CA bundle for mutual TLS. Each is a file path (read once, when the
 * client is created, so a wrong path fails early), PEM text (a string containing `-----BEGIN`),
 * or a Buffer of PEM.
 */
export type MeshTlsOptions = {
  cert?: string | Buffer;
  key?: string | Buffer;
  ca?: string | Buffer;
  /** Passphrase of an encrypted private key. */
  passphrase?: string;
};

export type RetryPolicy = {
  /** Extra attempts after the first; 0 disables retries. */
  retries: number;
  /** Wait before the first retry; doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

export type HttpRequest = {
  method: "GET" | "POST" | "PUT" | "HEAD";
  url: URL;
  headers: Record<string, string>;
  /** Bytes in memory, or a stream of exactly `content-length` bytes (one attempt only: it cannot be replayed). */
  body?: Buffer | Readable | AsyncIterable<Buffer>;
  /** Called as a Buffer body is handed to the socket, with the number of body bytes written so far. */
  onBodyProgress?: (written: number) => void;
  signal?: AbortSignal;
  timeoutMs: number;
  /** Short description used in error messages, e.g. "send chunk 2 of 5". */
  context: string;
  /**
   * The body will be streamed to a consumer that may pause (a download), so the inactivity
   * timeout stops once the headers arrive; a paused consumer is not a stalled server.
   */
  streamedBody?: boolean;
};

export type HttpTransport = {
  request(req: HttpRequest): Promise<http.IncomingMessage>;
  close(): void;
};

// Node error codes that mean the connection failed before or while talking; worth a retry.
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
]);
const RETRYABLE_STATUSES = new Set([425, 429, 502, 503, 504]);

function readPem(value: string | Buffer | undefined, what: string): Buffer | undefined {
  if (value === undefined) return undefined;
  if (Buffer.isBuffer(value)) return value;
  // Credentials kept in a database arrive as PEM text rather than as a file name.
  if (value.includes("-----BEGIN")) return Buffer.from(value, "utf8");
  try {
    return readFileSync(value);
  } catch (error) {
    throw meshError("bad-request", `cannot read the ${what} file ${value} (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** A keep-alive transport bound to one origin, with TLS material loaded once. */
export function createHttpTransport(baseUrl: URL, tls: MeshTlsOptions | undefined): HttpTransport {
  const secure = baseUrl.protocol === "https:";
  if (!secure && baseUrl.protocol !== "http:") {
    throw meshError("bad-request", `the MESH URL must be http or https, not ${baseUrl.protocol}`);
  }
  if (tls && !secure && (tls.cert || tls.key || tls.ca)) {
    throw meshError("bad-request", "TLS certificates were configured but the MESH URL is not https");
  }
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        maxSockets: 16,
        minVersion: "TLSv1.2",
        noDelay: true,
        cert: readPem(tls?.cert, "client certificate"),
        key: readPem(tls?.key, "client key"),
        ca: readPem(tls?.ca, "CA bundle"),
        passphrase: tls?.passphrase,
      })
    : new http.Agent({ keepAlive: true, maxSockets: 16, noDelay: true });
  const send = secure ? https.request : http.request;

  return {
    close: () => agent.destroy(),
    request: (req) =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        if (req.signal?.aborted) {
          reject(cancelledError(req.context));
          return;
        }
        let answered = false;
        const outgoing = send(req.url, { method: req.method, headers: req.headers, agent });
        const onAbort = () => outgoing.destroy(cancelledError(req.context));
        req.signal?.addEventListener("abort", onAbort, { once: true });
        outgoing.setTimeout(req.timeoutMs, () =>
          outgoing.destroy(meshError("timeout", `no activity for ${req.timeoutMs} ms during ${req.context}`)),
        );
        outgoing.on("response", (res) => {
          answered = true;
          if (req.streamedBody) outgoing.setTimeout(0);
          // An aborted signal must still stop a body being read later.
          res.once("close", () => req.signal?.removeEventListener("abort", onAbort));
          resolve(res);
        });
        outgoing.on("error", (error) => {
          req.signal?.removeEventListener("abort", onAbort);
          if (!answered) reject(toMeshError(error, req.context));
        });
        if (req.body === undefined) {
          outgoing.end();
          return;
        }
        // A small body goes out with the headers in one write; a stream or slices would cost a few ticks each.
        if (Buffer.isBuffer(req.body) && req.body.length <= SLICE) {
          const length = req.body.length;
          outgoing.end(req.body, () => req.onBodyProgress?.(length));
          return;
        }
        const body = Buffer.isBuffer(req.body) ? bodySlices(req.body, req.onBodyProgress) : req.body;
        pipeline(body, outgoing).catch((error: unknown) => {
          // A request destroyed before its socket connects emits no "error", so the body's failure
          // is reported here too; moot if the server already answered (MESH may reject a chunk early).
          req.signal?.removeEventListener("abort", onAbort);
          if (!answered) reject(toMeshError(error, req.context));
        });
      }),
  };
}

const SLICE = 256 * 1024;

function bodySlices(body: Buffer, onProgress?: (written: number) => void): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: SLICE,
    read() {
      if (offset >= body.length) {
        this.push(null);
        return;
      }
      const end = Math.min(offset + SLICE, body.length);
      this.push(body.subarray(offset, end));
      offset = end;
      onProgress?.(offset);
    },
  });
}

function cancelledError(context: string): MeshError {
  return meshError("cancelled", `${context} was aborted`);
}

/** Turns anything thrown by node:http into a MeshError, keeping MeshErrors as they are. */
export function toMeshError(error: unknown, context: string): MeshError {
  if (error instanceof MeshError) return error;
  const err = error as NodeJS.ErrnoException;
  if (err?.name === "AbortError") return cancelledError(context);
  const code = typeof err?.code === "string" ? err.code : undefined;
  const tlsProblem = code !== undefined && /CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO/.test(code);
  const what = tlsProblem ? "the TLS connection failed" : "the connection failed";
  return meshError("unavailable", `${what} during ${context} (${code ? `${code}: ` : ""}${err?.message ?? String(error)})`, {
    cause: error,
  });
}

/** Whether a failed call may safely be repeated (transient status or connection failure). */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof MeshError) || error.kind !== "unavailable") return false;
  if (error.status !== undefined) return RETRYABLE_STATUSES.has(error.status);
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}

/**
 * Runs `attempt` and repeats it with exponential backoff while it fails with a retryable error.
 * Only for calls that are safe to repeat: reads, chunk uploads after the first, acknowledge.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  wait: (ms: number, signal?: AbortSignal) => Promise<unknown> = (ms, s) => delay(ms, undefined, { signal: s }),
): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= policy.retries || !isRetryable(error)) throw error;
      const ms = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** tries);
      try {
        await wait(ms, signal);
      } catch {
        throw cancelledError("waiting to retry");
      }
    }
  }
}

/** A response body stream, gunzipped when the server compressed it. */
export function decodedBody(res: http.IncomingMessage): Readable {
  if ((res.headers["content-encoding"] ?? "").toLowerCase() !== "gzip") return res;
  const gunzip = createGunzip();
  pipeline(res, gunzip).catch((error: unknown) => gunzip.destroy(error as Error));
  return gunzip;
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** Reads a whole (small) response body as text; MESH JSON bodies are never large. */
export async function readText(res: http.IncomingMessage, context: string): Promise<string> {
  if ((res.headers["content-encoding"] ?? "").toLowerCase() !== "gzip") return readPlain(res, context);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const part of decodedBody(res)) {
      const buf = part as Buffer;
      size += buf.length;
      if (size > MAX_JSON_BYTES) {
        res.destroy();
        throw meshError("protocol", `the response to ${context} is larger than ${MAX_JSON_BYTES} bytes`);
      }
      parts.push(buf);
    }
  } catch (error) {
    throw toMeshError(error, context);
  }
  return Buffer.concat(parts).toString("utf8");
}

/** readText without gzip: collected from the response's events, which costs fewer ticks than async iteration. */
function readPlain(res: http.IncomingMessage, context: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    res.on("data", (buf: Buffer) => {
      size += buf.length;
      if (size > MAX_JSON_BYTES) {
        res.destroy(meshError("protocol", `the response to ${context} is larger than ${MAX_JSON_BYTES} bytes`));
        return;
      }
      parts.push(buf);
    });
    res.once("end", () => resolve(parts.length === 1 ? parts[0]!.toString("utf8") : Buffer.concat(parts).toString("utf8")));
    res.once("error", (error) => reject(toMeshError(error, context)));
    res.once("close", () => {
      if (!res.complete) reject(toMeshError(Object.assign(new Error("the response ended early"), { code: "ECONNRESET" }), context));
    });
  });
}

/** Reads an error response and turns it into a MeshError. */
export async function errorFrom(res: http.IncomingMessage, context: string): Promise<MeshError> {
  const status = res.statusCode ?? 0;
  const text = await readText(res, context).catch(() => "");
  return meshErrorFromResponse(status, text, context);
}
