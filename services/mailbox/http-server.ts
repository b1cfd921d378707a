import { readFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { openApp } from "./app";
import type { Clock } from "./clock";
import type { MailboxConfig } from "./config";
import type { App } from "./context";
import { createRequestHandler } from "./request-handler";
import { errorFields, type Logger } from "../../lib/logging/logger";
import { log } from "./log";

export type MailboxServer = {
  /** Base URL, e.g. `http://127.0.0.1:8700`. */
  url: string;
  port: number;
  app: App;
  close(): Promise<void>;
};

export type CreateOptions = { clock?: Clock; requestLog?: Logger };

/** Opens storage and the database, applies migrations and builds the (not yet listening) HTTP(S) server. */
export async function createMailboxServer(config: MailboxConfig, opts: CreateOptions = {}) {
  const opened = await openApp(config, opts.clock);
  const { app } = opened;
  const handleRequest = createRequestHandler(app, config.quiet ? null : (opts.requestLog ?? log));

  const listener = (req: IncomingMessage, res: ServerResponse) => void handleRequest(req, res);
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
    await opened.close();
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
      timer = setInterval(() => void app.sweep().catch((e: unknown) => log.error(errorFields(e), "sweep failed")), config.sweepIntervalMs);
      timer.unref();
    }
    const port = (server.address() as AddressInfo).port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    return { url: `${config.tls ? "https" : "http"}://${host}:${port}`, port, app, close };
  }

  return { app, server, listen, close, dbKind: opened.dbKind };
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
