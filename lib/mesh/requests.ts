import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import os from "node:os";
import type { z } from "zod";
import { freshAuthToken } from "./auth-token";
import { DEFAULT_CHUNK_SIZE, checkChunkSize } from "./chunks";
import { meshError } from "./errors";
import {
  DEFAULT_RETRY,
  createHttpTransport,
  errorFrom,
  readText,
  withRetry,
  type HttpRequest,
  type MeshTlsOptions,
  type RetryPolicy,
} from "./http";
import { MESH_CLIENT_NAME, MESH_CLIENT_VERSION } from "./version";

export const ACCEPT_V2 = "application/vnd.mesh.v2+json";
export const ACCEPT_V1 = "application/vnd.mesh.v1+json";

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
  /**
   * Called once per request when its response headers arrive, with the time since the request began:
   * for timing (a benchmark reads the server's `server-timing` beside it). Must not throw.
   */
  onResponse?: (info: { method: string; path: string; status: number; headers: IncomingHttpHeaders; ms: number }) => void;
  /** Headers to add to every request, asked for per request (the web app's request id). */
  contextHeaders?: () => Promise<Record<string, string>> | Record<string, string>;
};

export type CallOptions = { signal?: AbortSignal };

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

/**
 * What every endpoint of one mailbox shares: its URLs, a fresh token on each attempt, retries, JSON
 * parsing and paging. Sending and downloading build on it as the endpoints do.
 */
export function createMailboxRequests(options: MeshClientOptions) {
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const mailbox = options.mailboxId.trim().toUpperCase();
  const chunkSize = checkChunkSize(options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const userAgent = options.userAgent ?? defaultUserAgent();
  const transport = createHttpTransport(base, options.tls);
  if (!mailbox || /[\s:]/.test(mailbox)) throw meshError("bad-request", `"${options.mailboxId}" is not a mailbox id`);

  const url = (pathAndQuery: string) => new URL(`${basePath}/messageexchange${pathAndQuery}`, base.origin);
  const mailboxUrl = (rest = "", query?: Record<string, string | undefined>) => {
    const target = url(`/${encodeURIComponent(mailbox)}${rest}`);
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
    const context = options.contextHeaders ? await options.contextHeaders() : {};
    const started = options.onResponse ? performance.now() : 0;
    const res = await transport.request({
      ...req,
      // Built per attempt so that a retry carries a fresh single-use token.
      headers: headers({ ...context, ...req.headers }, req.accept),
      timeoutMs,
    });
    const status = res.statusCode ?? 0;
    options.onResponse?.({ method: req.method, path: req.url.pathname, status, headers: res.headers, ms: performance.now() - started });
    if (!ok(status)) throw await errorFrom(res, req.context);
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

  return { options, mailbox, chunkSize, retry, url, mailboxUrl, call, drain, getJson, followLink, pages, close: () => transport.close() };
}

export type MailboxRequests = ReturnType<typeof createMailboxRequests>;
