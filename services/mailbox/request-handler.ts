import type { IncomingMessage, ServerResponse } from "node:http";
import { MAILROOM_REQUEST_ID, validRequestId } from "../../lib/http/request-id";
import { errorFields, type Logger } from "../../lib/logging/logger";
import { checkAdminHost } from "./admin-guard";
import type { App, Ctx } from "./context";
import { log } from "./log";
import { errorBody, GENERIC_BODY, GenericError, MeshError, ValidationError, type ApiVersion } from "./errors";
import { apiVersion, header, mediaType, sendJson } from "./http-util";
import { checkPath, checkQuery } from "./input-checks";
import { allowsMethod, matchRoute } from "./router";
import { ROUTES } from "./routes";

// Answered on these exact paths, before the API's Accept check.
const HEALTH_PATHS = new Set(["/health", "/_status", "/_ping", "/healthcheck", "/messageexchange/_ping", "/messageexchange/deepping"]);

class MethodNotAllowed extends Error {}

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

function sendError(ctx: { res: ServerResponse; version: ApiVersion; url: URL; requestId?: string | null }, err: unknown): void {
  const { res } = ctx;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof MeshError) sendJson(res, err.status, errorBody(err, ctx.version), mediaType(ctx.version), err.headers);
  else if (err instanceof ValidationError) sendJson(res, 400, { detail: err.items });
  else if (err instanceof GenericError) sendJson(res, err.status, GENERIC_BODY);
  else if (err instanceof MethodNotAllowed) sendJson(res, 405, { detail: "Method Not Allowed" });
  else if (
    !res.socket ||
    res.socket.destroyed ||
    ["ECONNRESET", "ERR_STREAM_PREMATURE_CLOSE"].includes((err as NodeJS.ErrnoException).code ?? "")
  ) {
    // The client went away mid-request; nothing to answer and nothing worth logging.
    res.destroy();
  } else {
    log.error({ ...errorFields(err), path: ctx.url.pathname, requestId: ctx.requestId }, "unhandled error");
    sendJson(res, 500, GENERIC_BODY);
  }
}

/** Adds the server's own time, up to the response headers, as `Server-Timing` (MAILBOX_SERVER_TIMING). */
function timeResponse(res: ServerResponse, started: bigint): void {
  const writeHead = res.writeHead as (...args: unknown[]) => ServerResponse;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!this.headersSent) this.setHeader("server-timing", `app;dur=${ms.toFixed(3)}`);
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}

/**
 * Health check, API version, route, token, handler; and one log line per request unless `requestLog`
 * is null, with the web app's request id when it sent one.
 */
export function createRequestHandler(app: App, requestLog: Logger | null) {
  return async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    // An unreadable request target (`//[`) gets a 400 below, under a stand-in URL for the log line.
    const parsed = URL.parse(req.url ?? "/", "http://mailbox.local");
    const url = parsed ?? new URL("http://mailbox.local/");
    const ctx: Ctx = { app, req, res, url, version: 1, params: {}, requestId: validRequestId(header(req, MAILROOM_REQUEST_ID)) };
    if (app.config.serverTiming) timeResponse(res, started);
    if (requestLog) {
      res.once("close", () => {
        const ms = Math.round((Number(process.hrtime.bigint() - started) / 1e6) * 10) / 10;
        requestLog.info(
          { method: req.method, path: url.pathname, mailbox: ctx.logMailbox ?? null, status: res.statusCode, ms, requestId: ctx.requestId },
          "request",
        );
      });
    }
    try {
      const method = req.method ?? "GET";
      if (HEALTH_PATHS.has(url.pathname)) {
        if (method !== "GET" && method !== "HEAD") throw new MethodNotAllowed();
        sendJson(res, 200, { env: app.config.envName, build_label: "mailroom", status: "running", outcome: "Yes" });
        return;
      }
      if (!parsed) throw new ValidationError([{ type: "value_error", loc: ["path"], msg: "Unreadable request target" }]);
      const segments = url.pathname.split("/").filter(Boolean);
      checkPath(segments);
      checkQuery(url.searchParams);
      if (segments[0] === "messageexchange") {
        const v = apiVersion(header(req, "accept"));
        if (v === null) throw new MeshError(400, "Accept header api format incorrect");
        ctx.version = v;
      }
      const match = matchRoute(ROUTES, app, segments);
      if (!match) throw new MeshError(404, "Not Found");
      if (!allowsMethod(match.route, method)) throw new MethodNotAllowed();
      ctx.params = match.params;
      if (match.route.admin) checkAdminHost(ctx);
      if (match.route.mailboxScoped) {
        ctx.logMailbox = ctx.params.mailbox;
        const result = app.auth.verify(header(req, "authorization"), ctx.params.mailbox!);
        if (!result.ok) throw new MeshError(403, result.description, result.event, result.code);
        ctx.mailbox = result.mailbox;
      }
      await match.route.handler(ctx);
    } catch (err) {
      // A client still sending cannot read an early answer: take (and drop) the rest of the body first.
      if (err instanceof MeshError && err.headers.connection === "close") await drainBody(req, 2 * app.config.maxRequestBytes);
      sendError(ctx, err);
    }
  };
}
