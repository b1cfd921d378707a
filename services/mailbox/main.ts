/**
 * The mailbox server process, and its only entry point: every launcher runs this file bundled (`bundle.ts`).
 * Reads MAILBOX_* settings, listens, and stops cleanly on SIGINT or SIGTERM.
 */
import { loadConfig } from "./config";
import { describeDemoMailboxes } from "./directory";
import { startMailboxServer } from "./http-server";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  let server;
  try {
    server = await startMailboxServer(config);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      process.stderr.write(`mailbox: port ${config.port} on ${config.host} is already in use (set MAILBOX_PORT to use another)\n`);
    } else {
      process.stderr.write(`mailbox: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exit(1);
  }
  // Parent processes (npm start, tests) wait for this exact line.
  process.stdout.write(`mailbox listening on ${server.url}\n`);
  if (process.env.MAILBOX_PRINT_DEMO === "1" && !config.mailboxesFile) process.stdout.write(`${describeDemoMailboxes(server.url)}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`mailbox: ${signal} received, stopping\n`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`mailbox: error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
