/**
 * The mailbox server process, and its only entry point: every launcher runs this file bundled (`bundle.ts`).
 * Reads MAILBOX_* settings, listens, and stops cleanly on SIGINT or SIGTERM.
 */
import { loadConfig } from "./config";
import { describeDemoMailboxes } from "./directory";
import { startMailboxServer } from "./http-server";
import { errorFields } from "../../lib/logging/logger";
import { log } from "./log";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    log.fatal(errorFields(err), "the mailbox server's settings are not valid");
    process.exit(2);
  }
  let server;
  try {
    server = await startMailboxServer(config);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      log.fatal(
        { port: config.port, host: config.host },
        `port ${config.port} on ${config.host} is already in use (set MAILBOX_PORT to use another)`,
      );
    } else {
      log.fatal(errorFields(err), "failed to start");
    }
    process.exit(1);
  }
  // Parent processes (npm start, tests) wait for this exact plain line, so it is not a JSON log line.
  process.stdout.write(`mailbox listening on ${server.url}\n`);
  if (process.env.MAILBOX_PRINT_DEMO === "1" && !config.mailboxesFile) process.stdout.write(`${describeDemoMailboxes(server.url)}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error(errorFields(err), "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
