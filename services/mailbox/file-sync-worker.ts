/**
 * The mailbox server's file-sync thread (ADR 0110). It runs the durable steps of storing a chunk file as
 * plain synchronous calls, one request at a time, so a small send costs one message to this thread and one
 * back instead of six round trips through libuv's thread pool. The event loop never blocks on the disk.
 *
 * - `write`: create the temp file, write the body, fdatasync, close, rename to the final name, fsync the
 *   directory. On failure the temp file is removed.
 * - `publish`: rename a temp file that is already written and synced, then fsync the directory.
 *
 * Node closes the files a worker opened when the worker stops, so stopping it (ChunkStore.close, also on an
 * admin reset, which removes the directories) releases the directories it holds open.
 */
import { closeSync, fdatasyncSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { parentPort } from "node:worker_threads";

export type FileSyncJob = { op: "write"; tmp: string; final: string; body: ArrayBuffer } | { op: "publish"; tmp: string; final: string };
export type FileSyncRequest = FileSyncJob & { id: number };

export type FileSyncReply = { id: number; error?: { message: string; code?: string } };

/** Bucket directories stay open, so a directory fsync is one call. */
const directories = new Map<string, number>();

function syncDirectory(dir: string): void {
  let fd = directories.get(dir);
  if (fd === undefined) {
    fd = openSync(dir, "r");
    directories.set(dir, fd);
  }
  fsyncSync(fd);
}

function write(tmp: string, body: Uint8Array): void {
  const fd = openSync(tmp, "w");
  try {
    for (let at = 0; at < body.length;) at += writeSync(fd, body, at);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function handle(req: FileSyncRequest): void {
  if (req.op === "write") {
    try {
      write(req.tmp, new Uint8Array(req.body));
    } catch (err) {
      try {
        unlinkSync(req.tmp);
      } catch {
        // It may never have been created.
      }
      throw err;
    }
  }
  renameSync(req.tmp, req.final);
  syncDirectory(path.dirname(req.final));
}

parentPort?.on("message", (req: FileSyncRequest) => {
  let reply: FileSyncReply;
  try {
    handle(req);
    reply = { id: req.id };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    reply = { id: req.id, error: { message: e.message, code: e.code } };
  }
  parentPort!.postMessage(reply);
});
