import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

/**
 * How every launcher (`npm run mailbox`, `npm start`, the tests, the benchmark) starts the mailbox server:
 * plain `node` running a bundled JavaScript file (with its file-sync worker beside it) and two memory flags
 * (ADR 0109).
 *
 * - Bundling instead of `node --import tsx`: tsx keeps a module-hooks thread and its transform caches alive
 *   for the life of the process, about 60 MB.
 * - `--liftoff-only`: PGlite is a WebAssembly build of PostgreSQL. V8 compiles it with its baseline
 *   compiler and then, in the background, recompiles hot functions with its optimising one; keeping both
 *   copies costs about 70 MB, and a query is no slower on this workload without the second tier.
 * - `--max-semi-space-size=1`: a small young generation, so the buffers of a streamed 100 MB transfer are
 *   collected by cheap scavenges instead of piling up until a full collection.
 */
const MAILBOX_NODE_FLAGS = ["--liftoff-only", "--max-semi-space-size=1"];

/**
 * The environment every launcher gives the server: `env` (the caller's), plus one glibc malloc arena
 * unless `env` already sets `MALLOC_ARENA_MAX`. With an arena per thread (the file-sync thread, libuv's
 * pool), memory freed after the 1 KiB requests and the 100 MB transfers stayed with the thread that
 * used it, and the server's resident size grew with the work it had done (ADR 0114).
 */
export function mailboxProcessEnv<Env extends Record<string, string | undefined>>(env: Env): Env {
  return { MALLOC_ARENA_MAX: "1", ...env };
}

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SOURCES = path.join(ROOT, "services", "mailbox");
/** Next to the sources, so `import.meta.dirname`-relative paths (the migrations folder) resolve the same. */
const DIST = path.join(SOURCES, "dist");
/** The server, and the file-sync thread it starts from the file beside it (storage.ts). */
const ENTRIES = { main: path.join(SOURCES, "main.ts"), "file-sync-worker": path.join(SOURCES, "file-sync-worker.ts") };

let bundled: Promise<string> | undefined;

/**
 * Bundles the server and its worker (dependencies stay in node_modules) and returns the server's path.
 * Built afresh once per calling process, so it is never stale; built in a temporary folder and renamed
 * into place file by file, so concurrent test workers never run a half-written file. Takes well under a
 * second.
 */
export function bundleMailbox(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(DIST, { recursive: true });
    const tmp = path.join(DIST, `.build-${process.pid}-${randomBytes(4).toString("hex")}`);
    try {
      await build({
        entryPoints: ENTRIES,
        outdir: tmp,
        outExtension: { ".js": ".mjs" },
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        packages: "external",
        tsconfig: path.join(ROOT, "tsconfig.json"),
        logLevel: "error",
      });
      // The worker first: a process that sees the new server must find the worker it expects.
      for (const name of ["file-sync-worker", "main"]) renameSync(path.join(tmp, `${name}.mjs`), path.join(DIST, `${name}.mjs`));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return path.join(DIST, "main.mjs");
  })();
  return bundled;
}

/** Arguments for `node` (or `process.execPath`) that start the mailbox server. */
export async function mailboxNodeArgs(): Promise<string[]> {
  return [...MAILBOX_NODE_FLAGS, await bundleMailbox()];
}
