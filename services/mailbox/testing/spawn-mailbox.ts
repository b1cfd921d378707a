import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { mailboxNodeArgs, mailboxProcessEnv } from "../bundle";

const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

/**
 * Options for {@link startMailbox}.
 *
 * - `dataDir`: data directory (PGlite database + chunk files). Default: a fresh temp directory, deleted by
 *   `stop()` (pass your own to keep data, or set `keepDataDir`).
 * - `env`: extra environment, e.g. `{ MAILBOX_TEST_CLOCK: "1", MAILBOX_RULES_FILE: "…" }`; it overrides
 *   the defaults below. The parent's environment is inherited except other `MAILBOX_*` variables.
 * - `port`: default 0 (a free port chosen by the OS; kept across `restart()`).
 * - `quiet`: default true (no per-request log lines); set false to see them in `output()`.
 * - `databaseUrl`: `postgres://…` to use a PostgreSQL server instead of PGlite.
 * - `startTimeoutMs`: how long to wait for the readiness line (default 90 s; PGlite's first initdb is slow).
 * - `keepDataDir`: do not delete a temp data directory on `stop()`.
 * - `pgliteTemplate`: default true. A fresh data directory gets a copy of an already initialised and migrated
 *   PGlite database (made once per schema version under the OS temp dir), which skips PGlite's initdb
 *   (~3–5 s and ~800 MB RSS per start). Ignored with `databaseUrl` or a `dataDir` that already has a database.
 *
 * The server counts as ready when it prints `mailbox listening on <url>`; the promise rejects with the
 * process output if it exits first.
 */
export type StartMailboxOptions = {
  dataDir?: string;
  env?: Record<string, string | undefined>;
  port?: number;
  quiet?: boolean;
  databaseUrl?: string;
  startTimeoutMs?: number;
  keepDataDir?: boolean;
  pgliteTemplate?: boolean;
};

export type RunningMailbox = {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  dataDir: string;
  /** Process id of the current server process. */
  pid(): number;
  /** Everything the current process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, wait for exit, remove a temp data dir (unless kept). Safe to call twice. */
  stop(): Promise<void>;
  /** Send a signal (default SIGKILL) and wait for the process to exit. Data stays for `restart()`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stop if still running (SIGTERM), then start again on the same port and data directory. */
  restart(extraEnv?: Record<string, string | undefined>): Promise<void>;
};

type Proc = { child: ChildProcess; out: string[]; exited: Promise<number | null> };

async function launch(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ proc: Proc; url: string }> {
  const nodeArgs = await mailboxNodeArgs();
  const child = spawn(process.execPath, nodeArgs, { cwd: REPO_ROOT, env: mailboxProcessEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  const out: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const proc: Proc = { child, out, exited };
  return new Promise((resolve, reject) => {
    let buffered = "";
    let done = false;
    const timer = setTimeout(() => finish(new Error(`mailbox did not become ready in ${timeoutMs} ms\n${out.join("")}`)), timeoutMs);
    function finish(err: Error | null, url?: string) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        child.kill("SIGKILL");
        reject(err);
      } else resolve({ proc, url: url! });
    }
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stdout!.on("data", (d: string) => {
      out.push(d);
      buffered += d;
      const m = /mailbox listening on (\S+)/.exec(buffered);
      if (m) finish(null, m[1]);
      if (buffered.length > 10_000) buffered = buffered.slice(-1000);
    });
    child.stderr!.on("data", (d: string) => out.push(d));
    void exited.then((code) => finish(new Error(`mailbox exited with code ${code} before it was ready\n${out.join("")}`)));
  });
}

function migrationsKey(): string {
  const dir = path.join(REPO_ROOT, "services", "mailbox", "drizzle");
  const h = createHash("sha256");
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    const p = path.join(dir, f);
    if (f.endsWith(".sql") || f.endsWith(".json")) h.update(f).update(readFileSync(p));
  }
  return h.digest("hex").slice(0, 16);
}

/** Returns a directory holding a migrated PGlite database, creating it once (concurrent callers race safely). */
async function pgliteTemplate(timeoutMs: number): Promise<string> {
  const final = path.join(tmpdir(), `mailbox-pglite-template-${migrationsKey()}`);
  if (existsSync(path.join(final, "PG_VERSION"))) return final;
  const work = path.join(tmpdir(), `mailbox-pglite-build-${randomBytes(4).toString("hex")}`);
  mkdirSync(work, { recursive: true });
  const env: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("MAILBOX_")),
  );
  Object.assign(env, { MAILBOX_PORT: "0", MAILBOX_DATA_DIR: work, MAILBOX_QUIET: "1" });
  const { proc } = await launch(env as NodeJS.ProcessEnv, timeoutMs);
  proc.child.kill("SIGTERM"); // a clean shutdown leaves a consistent data directory to copy
  await proc.exited;
  try {
    renameSync(path.join(work, "pglite"), final);
  } catch {
    // Another worker finished first; its template is just as good.
  }
  rmSync(work, { recursive: true, force: true });
  return final;
}

export async function startMailbox(opts: StartMailboxOptions = {}): Promise<RunningMailbox> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "mailbox-test-"));
  const timeoutMs = opts.startTimeoutMs ?? 90_000;
  const usesPglite = !opts.databaseUrl && !opts.env?.MAILBOX_DATABASE_URL;
  if (usesPglite && opts.pgliteTemplate !== false && !existsSync(path.join(dataDir, "pglite", "PG_VERSION"))) {
    cpSync(await pgliteTemplate(timeoutMs), path.join(dataDir, "pglite"), { recursive: true });
  }
  let port = opts.port ?? 0;
  const baseEnv: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("MAILBOX_")),
  );
  const makeEnv = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
    const env: Record<string, string | undefined> = {
      ...baseEnv,
      MAILBOX_HOST: "127.0.0.1",
      MAILBOX_PORT: String(port),
      MAILBOX_DATA_DIR: dataDir,
      MAILBOX_QUIET: opts.quiet === false ? "0" : "1",
      ...(opts.databaseUrl ? { MAILBOX_DATABASE_URL: opts.databaseUrl } : {}),
      ...opts.env,
      ...extra,
    };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    return env as NodeJS.ProcessEnv;
  };
  let launched: { proc: Proc; url: string };
  try {
    launched = await launch(makeEnv(), timeoutMs);
  } catch (err) {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  let { proc, url } = launched;
  port = Number(new URL(url).port);
  let running = true;
  let removed = false;

  async function terminate(signal: NodeJS.Signals): Promise<void> {
    if (!running) return;
    running = false;
    proc.child.kill(signal);
    await proc.exited;
  }

  const handle: RunningMailbox = {
    url,
    port,
    dataDir,
    pid: () => proc.child.pid ?? -1,
    output: () => proc.out.join(""),
    async stop() {
      await terminate("SIGTERM");
      if (ownDir && !opts.keepDataDir && !removed) {
        removed = true;
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    kill: (signal = "SIGKILL") => terminate(signal),
    async restart(extraEnv) {
      await terminate("SIGTERM");
      ({ proc, url } = await launch(makeEnv(extraEnv), timeoutMs));
      running = true;
      handle.url = url;
      handle.port = Number(new URL(url).port);
    },
  };
  return handle;
}
