import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

/**
 * How every launcher (`npm run mailbox`, `npm start`, the tests, the benchmark) starts the mailbox server:
 * plain `node` running one bundled JavaScript file with two memory flags (ADR 0109).
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

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const ENTRY = path.join(ROOT, "services", "mailbox", "main.ts");
/** Next to the sources, so `import.meta.dirname`-relative paths (the migrations folder) resolve the same. */
const MAILBOX_BUNDLE = path.join(ROOT, "services", "mailbox", "dist", "main.mjs");

let bundled: Promise<string> | undefined;

/**
 * Bundles the server (dependencies stay in node_modules) and returns the file's path. Built afresh once
 * per calling process, so it is never stale; written under a temporary name and renamed, so concurrent
 * test workers never run a half-written file. Takes well under a second.
 */
export function bundleMailbox(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(path.dirname(MAILBOX_BUNDLE), { recursive: true });
    const tmp = `${MAILBOX_BUNDLE}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await build({
      entryPoints: [ENTRY],
      outfile: tmp,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      tsconfig: path.join(ROOT, "tsconfig.json"),
      logLevel: "error",
    });
    renameSync(tmp, MAILBOX_BUNDLE);
    return MAILBOX_BUNDLE;
  })();
  return bundled;
}

/** Arguments for `node` (or `process.execPath`) that start the mailbox server. */
export async function mailboxNodeArgs(): Promise<string[]> {
  return [...MAILBOX_NODE_FLAGS, await bundleMailbox()];
}
