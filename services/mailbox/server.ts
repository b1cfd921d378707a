import { readFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import type { App, Ctx } from "./app";
import { Authenticator } from "./auth";
import { OffsetClock, systemClock, type Clock } from "./clock";
import type { MailboxConfig } from "./config";
import { openDb, type OpenDb } from "./db/open";
import { loadDirectory } from "./directory";
import { errorBody, GENERIC_BODY, GenericError, MeshError, ValidationError, type ApiVersion } from "./errors";
import * as admin from "./handlers/admin";
import * as inbox from "./handlers/inbox";
import * as lookup from "./handlers/lookup";
import * as sendH from "./handlers/send";
import * as trackingH from "./handlers/tracking";
import { apiVersion, header, mediaType, sendEmpty, sendJson } from "./http-util";
import { runSweep } from "./lifecycle";
import { ChunkStore } from "./storage";
import { MessageStore } from "./store";

export type MailboxServer = {
  /** Base URL, e.g. `http://127.0.0.1:8700`. */
  url: string;
  port: number;
  app: App;
  close(): Promise<void>;
};

type Handler = (ctx: Ctx) => Promise<void> | void;
type Route = { handler: Handler; auth: boolean; mailboxParam?: string };

const HEALTH_PATHS = new Set(["/health", "/_status", "/_ping", "/healthcheck", "/messageexchange/_ping", "/messageexchange/deepping"]);

class MethodNotAllowed extends Error {}

function decodeSeg(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Small hand-written router: MESH has few routes and some ordering subtleties (`inbox/rich` before `inbox/{id}`). */
function resolve(app: App, method: string, segs: string[], params: Record<string, string>, clock: Clock): Route | null {
  const want = (...methods: string[]) => {
    if (!methods.includes(method)) throw new MethodNotAllowed();
  };
  const up = (s: string) => decodeSeg(s).trim().toUpperCase();
  const adminSegs = segs[0] === "admin" ? segs.slice(1) : segs[0] === "messageexchange" && segs[1] === "admin" ? segs.slice(2) : null;
  if (adminSegs && app.config.adminEnabled) {
    const [a, b, c] = adminSegs;
    const n = adminSegs.length;
    if (a === "reset" && n === 1) return want("DELETE"), { handler: admin.resetAll, auth: false };
    if (a === "reset" && n === 2) return want("DELETE"), (params.mailboxId = up(b!)), { handler: admin.resetMailbox, auth: false };
    if (a === "report" && n === 1) return want("POST"), { handler: admin.injectReport, auth: false };
    if (a === "message" && n === 3 && c === "event") return want("POST"), (params.messageId = up(b!)), { handler: admin.addEvent, auth: false };
    if (a === "message" && n === 2) return want("GET"), (params.messageId = up(b!)), { handler: admin.messageDetails, auth: false };
    // mesh-sandbox expects the id already upper-case here.
    if (a === "mailbox" && n === 2) return want("GET"), (params.mailboxRaw = decodeSeg(b!)), { handler: admin.mailboxDetails, auth: false };
    if (a === "test" && app.config.testClock && clock instanceof OffsetClock) {
      if (b === "clock" && n === 2) return want("POST"), { handler: (ctx) => admin.moveClock(ctx, clock), auth: false };
      if (b === "sweep" && n === 2) return want("POST"), { handler: admin.sweepNow, auth: false };
    }
    return null;
  }
  if (segs[0] !== "messageexchange" || segs.length < 2) return null;
  const rest = segs.slice(1);
  if (rest[0] === "mailbox" && rest.length === 2 && app.config.adminEnabled) {
    return want("GET"), (params.mailboxRaw = decodeSeg(rest[1]!)), { handler: admin.mailboxDetails, auth: false };
  }
  if (rest[0] === "endpointlookup" && rest.length === 3) {
    want("GET");
    params.odsRaw = rest[1]!;
    params.workflowRaw = rest[2]!;
    return { handler: lookup.endpointLookup, auth: false };
  }
  if (rest[0] === "workflowsearch" && rest.length === 2) {
    want("GET");
    params.workflowRaw = rest[1]!;
    return { handler: lookup.workflowSearch, auth: false };
  }
  params.mailbox = up(rest[0]!);
  const [p1, p2, p3, p4] = rest.slice(1);
  const n = rest.length - 1;
  const r = (handler: Handler): Route => ({ handler, auth: true });
  if (n === 0) return want("GET", "POST"), r(sendH.handshake);
  if (p1 === "update" && n === 1) return want("POST"), r((ctx) => sendEmpty(ctx.res, 200));
  if (p1 === "count" && n === 1) return want("GET"), r(inbox.count);
  if (p1 === "outbox") {
    if (n === 1) return want("POST"), r(sendH.send);
    if (p2 === "tracking" && n === 2) return want("GET"), r(trackingH.tracking);
    if (p2 === "tracking" && n === 3) return want("GET"), (params.localIdRaw = p3!), r(trackingH.trackingByLocalId);
    if (p2 === "rich" && n === 2) return want("GET"), r((ctx) => inbox.rich(ctx, true));
    if (n === 3) return want("POST"), (params.messageId = up(p2!)), (params.chunk = decodeSeg(p3!)), r(sendH.sendChunk);
    return null;
  }
  if (p1 === "inbox") {
    if (n === 1) return want("GET"), r(inbox.listInbox);
    if (p2 === "rich" && n === 2) return want("GET"), r((ctx) => inbox.rich(ctx, false));
    params.messageId = up(p2!);
    if (n === 2) return want("GET", "HEAD"), r((ctx) => inbox.download(ctx, ctx.req.method === "HEAD"));
    if (n === 3) return want("GET", "HEAD"), (params.chunk = decodeSeg(p3!)), r((ctx) => inbox.download(ctx, ctx.req.method === "HEAD"));
    if (n === 4 && p3 === "status" && p4 === "acknowledged") return want("PUT"), r(inbox.acknowledge);
  }
  return null;
}

/**
 * Reads and discards what is left of a request body, so a client still sending can read the answer
 * instead of hitting a closed connection. Gives up past `cap` bytes, or when the client sends nothing
 * for a second (it may be waiting for the answer).
 */
function drainBody(req: IncomingMessage, cap: number): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let bytes = 0;
    let idle = setTimeout(done, 1000);
    function done() {
      clearTimeout(idle);
      req.pause();
      resolve();
    }
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      clearTimeout(idle);
      if (bytes > cap) done();
      else idle = setTimeout(done, 1000);
    });
    req.once("end", done);
    req.once("close", done);
    req.resume();
  });
}

function sendError(ctx: { res: ServerResponse; version: ApiVersion }, err: unknown): void {
  const { res } = ctx;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof MeshError) sendJson(res, err.status, errorBody(err, ctx.version), mediaType(ctx.version), err.headers);
  else if (err instanceof ValidationError) sendJson(res, 400, { detail: err.items });
  else if (err instanceof GenericError) sendJson(res, err.status, GENERIC_BODY);
  else if (err instanceof MethodNotAllowed) sendJson(res, 405, { detail: "Method Not Allowed" });
  else if (!res.socket || res.socket.destroyed || ["ECONNRESET", "ERR_STREAM_PREMATURE_CLOSE"].includes((err as NodeJS.ErrnoException).code ?? "")) {
    // The client went away mid-request; nothing to answer and nothing worth logging.
    res.destroy();
  } else {
    process.stderr.write(`mailbox: unhandled error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    sendJson(res, 500, GENERIC_BODY);
  }
}

export type CreateOptions = { clock?: Clock; log?: (line: string) => void };

/** Opens storage and the database, applies migrations and builds the (not yet listening) HTTP(S) server. */
export async function createMailboxServer(config: MailboxConfig, opts: CreateOptions = {}) {
  const clock = opts.clock ?? (config.testClock ? new OffsetClock() : systemClock);
  const chunks = new ChunkStore(config.dataDir);
  await chunks.init();
  const database: OpenDb = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const store = new MessageStore(database.db);
  const directoryOpts = {
    mailboxesFile: config.mailboxesFile,
    workflowsFile: config.workflowsFile,
    rulesFile: config.rulesFile,
    dataDir: config.dataDir,
  };
  let sweeping: Promise<{ expired: number; deleted: number }> | null = null;
  const app: App = {
    config,
    clock,
    directory: await loadDirectory(directoryOpts),
    store,
    chunks,
    auth: undefined as unknown as Authenticator,
    uploading: new Set(),
    async reloadDirectory() {
      app.directory = await loadDirectory(directoryOpts);
    },
    sweep() {
      // Overlapping sweeps would only race each other; callers share the running one, then start afresh.
      const next = (sweeping ?? Promise.resolve()).catch(() => undefined).then(() => runSweep(app));
      sweeping = next.finally(() => {
        if (sweeping === next) sweeping = null;
      });
      return next;
    },
  };
  app.auth = new Authenticator(
    { sharedKey: config.sharedKey, mode: config.authMode, singleUseTokens: config.singleUseTokens, windowMinutes: config.tokenWindowMinutes },
    (id) => app.directory.mailboxes.get(id),
  );
  // Nothing is uploading yet, so any chunk file without a row is debris from a crash.
  await chunks.sweepOrphans((ids) => store.liveStorageIds(ids));
  await app.sweep();

  const log = config.quiet ? null : (opts.log ?? ((line: string) => process.stdout.write(`${line}\n`)));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? "/", "http://mailbox.local");
    const ctx: Ctx = { app, req, res, url, version: 1, params: {} };
    if (log) {
      res.once("close", () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log(JSON.stringify({ t: new Date().toISOString(), method: req.method, path: url.pathname, mailbox: ctx.logMailbox ?? null, status: res.statusCode, ms: Math.round(ms * 10) / 10 }));
      });
    }
    try {
      const method = req.method ?? "GET";
      if (HEALTH_PATHS.has(url.pathname)) {
        if (method !== "GET" && method !== "HEAD") throw new MethodNotAllowed();
        sendJson(res, 200, { env: config.envName, build_label: "mailroom", status: "running", outcome: "Yes" });
        return;
      }
      const segs = url.pathname.split("/").filter(Boolean);
      if (segs[0] === "messageexchange") {
        const v = apiVersion(header(req, "accept"));
        if (v === null) throw new MeshError(400, "Accept header api format incorrect");
        ctx.version = v;
      }
      const r = resolve(app, method, segs, ctx.params, clock);
      if (!r) throw new MeshError(404, "Not Found");
      if (r.auth) {
        ctx.logMailbox = ctx.params.mailbox;
        const result = app.auth.verify(header(req, "authorization"), ctx.params.mailbox!);
        if (!result.ok) throw new MeshError(403, result.description, result.event, result.code);
        ctx.mailbox = result.mailbox;
      }
      await r.handler(ctx);
    } catch (err) {
      // A client still sending cannot read an early answer: take (and drop) the rest of the body first.
      if (err instanceof MeshError && err.status === 413) await drainBody(req, 2 * config.maxRequestBytes);
      sendError(ctx, err);
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  const server = config.tls
    ? https.createServer(
        {
          cert: readFileSync(config.tls.cert),
          key: readFileSync(config.tls.key),
          ...(config.tls.ca ? { ca: readFileSync(config.tls.ca), requestCert: true, rejectUnauthorized: true } : {}),
          minVersion: "TLSv1.2",
        },
        listener,
      )
    : http.createServer(listener);
  // 100 MB over a slow link needs longer than Node's 5-minute default.
  server.requestTimeout = 30 * 60 * 1000;
  server.keepAliveTimeout = 30_000;

  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    await new Promise<void>((resolveClose) => {
      server.close(() => resolveClose());
      server.closeIdleConnections();
      // In-flight requests get a moment to finish; then the rest are cut.
      setTimeout(() => server.closeAllConnections(), 2000).unref();
    });
    await sweeping?.catch(() => undefined);
    await chunks.close();
    await database.close();
  }

  async function listen(): Promise<MailboxServer> {
    await new Promise<void>((resolveListen, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => {
        server.off("error", reject);
        resolveListen();
      });
    });
    if (config.sweepIntervalMs > 0) {
      timer = setInterval(() => void app.sweep().catch((e: unknown) => process.stderr.write(`mailbox: sweep failed: ${String(e)}\n`)), config.sweepIntervalMs);
      timer.unref();
    }
    const port = (server.address() as AddressInfo).port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    return { url: `${config.tls ? "https" : "http"}://${host}:${port}`, port, app, close };
  }

  return { app, server, listen, close, dbKind: database.kind };
}

/** Fails fast on a taken port, before the (slow) database start-up; the real bind happens later. */
async function probePort(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolveProbe, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(port, host, () => probe.close(() => resolveProbe()));
  });
}

export async function startMailboxServer(config: MailboxConfig, opts: CreateOptions = {}): Promise<MailboxServer> {
  await probePort(config.port, config.host);
  const created = await createMailboxServer(config, opts);
  try {
    return await created.listen();
  } catch (err) {
    await created.close().catch(() => undefined);
    throw err;
  }
}
