import { fdatasyncSync } from "node:fs";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

type PostgresMod = Parameters<NodeFS["init"]>[1] & { NODEFS?: { stream_ops?: Record<string, unknown> } };
type NodeStream = { nfd?: number };

/**
 * PGlite's Node file layer with a working fsync. Emscripten's NODEFS passes reads and writes to the
 * real files but has no fsync: PostgreSQL's `fsync()` calls (through WASI `fd_sync`) reach an empty
 * slot, and `fdatasync()` is a no-op in Emscripten's syscall layer. This fills the slot with a real
 * `fdatasync`, which is enough for WAL segments (written in place) and data files (their size is
 * included), and on Linux flushes a directory's entries too.
 */
export class SyncingNodeFS extends NodeFS {
  /** How many times PostgreSQL asked for a file to be flushed to disk (tests read it). */
  syncs = 0;

  override async init(pg: PGlite, opts: Partial<PostgresMod>) {
    const result = await super.init(pg, opts);
    const patch = (mod: PostgresMod) => {
      const ops = mod.NODEFS?.stream_ops;
      // Checked at start, not on the first commit: a PGlite upgrade that moves this must fail loudly.
      if (!ops || typeof ops.write !== "function") throw new Error("PGlite's NODEFS layer has changed: cannot make commits durable");
      ops.fsync = (stream: NodeStream) => {
        this.syncs++;
        if (stream.nfd !== undefined) fdatasyncSync(stream.nfd);
        return 0;
      };
    };
    const preRun = [...((result.emscriptenOpts.preRun as ((mod: PostgresMod) => void)[] | undefined) ?? []), patch];
    return { emscriptenOpts: { ...result.emscriptenOpts, preRun } as typeof result.emscriptenOpts };
  }
}

/**
 * PGlite on disk with commits that survive power loss, not only a killed process (ADR 0110).
 *
 * Out of the box PGlite starts PostgreSQL with `-F` (fsync off) and its file layer drops every sync:
 * a commit reaches the OS page cache and no further. A killed process loses nothing, but power loss or
 * an OS crash can lose recent commits, and a checkpoint can recycle WAL whose data pages never reached
 * the disk. Here PostgreSQL runs with fsync on, syncs the WAL with `fsync()` (the call the file layer
 * can pass on) and {@link SyncingNodeFS} turns that into a real `fdatasync`.
 */
export function openDurablePglite(
  dataDir: string,
  options: Omit<PGliteOptions, "fs" | "dataDir"> = {},
): { client: PGlite; fs: SyncingNodeFS } {
  const fs = new SyncingNodeFS(dataDir);
  const conf = options.postgresqlconf ?? [];
  const client = new PGlite({
    ...options,
    fs,
    startParams: (options.startParams ?? PGlite.defaultStartParams).filter((p) => p !== "-F"),
    postgresqlconf: [...(typeof conf === "string" ? [conf] : conf), "wal_sync_method = fsync"],
  });
  return { client, fs };
}
