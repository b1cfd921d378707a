import { createHash, randomBytes } from "node:crypto";
import { createReadStream, readFileSync, type ReadStream } from "node:fs";
import { mkdir, open, readdir, rm as rmAsync, stat, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Transform, Writable, finished, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Worker } from "node:worker_threads";
import type { FileSyncJob, FileSyncReply, FileSyncRequest } from "./file-sync-worker";

export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`payload exceeds ${limit} bytes`);
  }
}

/** Counts bytes as they pass and fails the stream as soon as the limit is crossed (no buffering). */
class ByteLimit extends Transform {
  bytes = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) cb(new PayloadTooLargeError(this.limit));
    else cb(null, chunk);
  }
}

const READ_BUFFER = 1024 * 1024;
/** Bodies and files up to this size take the plain, stream-free paths below. */
export const SMALL_BODY = 64 * 1024;

/** Writes into an open FileHandle and fsyncs it on end, leaving closing to the caller. */
function fileSink(fh: FileHandle): Writable {
  return new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _enc, cb) {
      fh.write(chunk).then(() => cb(), cb);
    },
    writev(chunks, cb) {
      fh.writev(chunks.map((c) => c.chunk as Buffer)).then(() => cb(), cb);
    },
    final(cb) {
      fh.datasync().then(() => cb(), cb);
    },
  });
}

async function fsyncPath(p: string): Promise<void> {
  const fh = await open(p, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

type Waiter = { resolve(): void; reject(err: Error): void };
type Thread = { worker: Worker; waiting: Map<number, Waiter> };

/**
 * The main thread's side of `file-sync-worker.ts`: one worker thread, started on first use, that runs the
 * durable steps of storing a file synchronously and answers each request in order. If the thread dies,
 * the requests waiting on it fail and the next one starts a new thread.
 */
class FileSyncThread {
  private current: Thread | null = null;
  private lastId = 0;

  private start(): Thread {
    // The bundle (`dist/main.mjs`, launch.ts) has the worker beside it as `dist/file-sync-worker.mjs`.
    const thread: Thread = { worker: new Worker(new URL("./file-sync-worker.mjs", import.meta.url)), waiting: new Map() };
    thread.worker.on("message", (reply: FileSyncReply) => {
      const w = thread.waiting.get(reply.id);
      thread.waiting.delete(reply.id);
      if (!reply.error) w?.resolve();
      else w?.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    const fail = (err: Error) => {
      if (this.current === thread) this.current = null;
      for (const w of thread.waiting.values()) w.reject(err);
      thread.waiting.clear();
    };
    thread.worker.on("error", fail);
    thread.worker.on("exit", (code) => fail(new Error(`file-sync thread exited (code ${code})`)));
    thread.worker.unref(); // waiting requests belong to HTTP requests, which keep the process alive themselves
    return thread;
  }

  private send(thread: Thread, job: FileSyncJob, transfer: ArrayBuffer[] = []): Promise<void> {
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ ...job, id } satisfies FileSyncRequest, transfer);
    });
  }

  run(job: FileSyncJob, transfer?: ArrayBuffer[]): Promise<void> {
    this.current ??= this.start();
    return this.send(this.current, job, transfer);
  }

  /** Stops the thread, which closes the directories it held open; a later `run` starts a new one. */
  async close(): Promise<void> {
    const thread = this.current;
    this.current = null;
    await thread?.worker.terminate();
  }
}

/**
 * Chunk files live in `<root>/<bucket>/<storageId>.<n>`. A fixed set of 256 bucket directories keeps
 * directories small and means a write only has to fsync an existing directory, never create one.
 */
export class ChunkStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, "messages");
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (let i = 0; i < 256; i++) await mkdir(path.join(this.root, i.toString(16).padStart(2, "0")), { recursive: true });
    await fsyncPath(this.root);
    await fsyncPath(path.dirname(this.root));
  }

  private readonly sync = new FileSyncThread();

  async close(): Promise<void> {
    await this.sync.close();
  }

  private bucket(storageId: string): string {
    return path.join(this.root, createHash("sha1").update(storageId).digest("hex").slice(0, 2));
  }

  chunkPath(storageId: string, n: number): string {
    return path.join(this.bucket(storageId), `${storageId}.${n}`);
  }

  /**
   * Streams `source` into the chunk file: temp name, fsync, rename, fsync directory. When this resolves the
   * bytes are durable; a crash before that leaves at most a temp file (removed by `sweepOrphans`).
   */
  async writeChunk(storageId: string, n: number, source: Readable, limit: number, declaredLength?: number): Promise<number> {
    const final = this.chunkPath(storageId, n);
    const tmp = path.join(path.dirname(final), `.tmp-${storageId}.${n}.${randomBytes(4).toString("hex")}`);
    if (declaredLength !== undefined && declaredLength <= SMALL_BODY && declaredLength <= limit) {
      return this.writeSmall(source, tmp, final);
    }
    const fh = await open(tmp, "w");
    const counter = new ByteLimit(limit);
    // Not pipeline(source, …): that destroys the request on a refusal, and a client still sending then
    // gets a broken pipe instead of the 413. The server drains the rest before answering.
    source.pipe(counter);
    const stopWatching = finished(source, (err) => {
      if (err) counter.destroy(err);
    });
    try {
      await pipeline(counter, fileSink(fh));
    } catch (err) {
      source.unpipe(counter);
      await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw err;
    } finally {
      stopWatching();
    }
    await fh.close();
    await this.sync.run({ op: "publish", tmp, final });
    return counter.bytes;
  }

  /**
   * A body whose Content-Length is small is read into memory first (HTTP framing stops it at that length),
   * then the file-sync thread stores it with the same temp file, fdatasync, rename and directory fsync as
   * the streamed path.
   */
  private async writeSmall(source: Readable, tmp: string, final: string): Promise<number> {
    const parts: Buffer[] = [];
    for await (const part of source) parts.push(part as Buffer);
    // A copy the thread can own: request buffers may be slices of a shared pool.
    const body = new Uint8Array(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    const bytes = body.length; // transferring the buffer empties `body`
    await this.sync.run({ op: "write", tmp, final, body: body.buffer }, [body.buffer]);
    return bytes;
  }

  /**
   * Reads a small chunk file whole, synchronously: reading a few KiB from the page cache takes microseconds,
   * while each of the open, read and close round trips through libuv's thread pool costs about 0.1 ms here.
   * Null when the file has gone.
   */
  readSmall(storageId: string, n: number): Buffer | null {
    try {
      return readFileSync(this.chunkPath(storageId, n));
    } catch {
      return null;
    }
  }

  async chunkSize(storageId: string, n: number): Promise<number | null> {
    try {
      return (await stat(this.chunkPath(storageId, n))).size;
    } catch {
      return null;
    }
  }

  /**
   * A read stream over one chunk file. Given the size, it reads in buffers no bigger than the file and stops
   * at its end: a ReadStream otherwise allocates a full `highWaterMark` buffer per read, even for 1 KiB.
   */
  openChunk(storageId: string, n: number, size: number): ReadStream {
    const file = this.chunkPath(storageId, n);
    if (size <= 0) return createReadStream(file);
    return createReadStream(file, { highWaterMark: Math.min(size, READ_BUFFER), start: 0, end: size - 1 });
  }

  async removeChunk(storageId: string, n: number): Promise<void> {
    await unlink(this.chunkPath(storageId, n)).catch(() => undefined);
  }

  async remove(storageId: string, chunks: number): Promise<void> {
    for (let n = 1; n <= Math.max(chunks, 1); n++) await this.removeChunk(storageId, n);
  }

  /**
   * Deletes temp files and chunk files whose storage id `isLive` rejects. Only safe when no upload is in
   * flight (start-up), since an upload's chunk file exists a moment before its row does.
   */
  async sweepOrphans(isLive: (storageIds: string[]) => Promise<Set<string>>): Promise<number> {
    let removed = 0;
    const buckets = await readdir(this.root);
    for (const b of buckets) {
      const dir = path.join(this.root, b);
      const names = await readdir(dir).catch(() => [] as string[]);
      if (names.length === 0) continue;
      const temps = names.filter((n) => n.startsWith(".tmp-"));
      for (const t of temps) {
        await rmAsync(path.join(dir, t), { force: true });
        removed++;
      }
      const files = names.filter((n) => !n.startsWith(".tmp-"));
      const ids = [...new Set(files.map((f) => f.slice(0, f.lastIndexOf("."))))];
      const live = await isLive(ids);
      for (const f of files) {
        if (!live.has(f.slice(0, f.lastIndexOf(".")))) {
          await rmAsync(path.join(dir, f), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  async removeAll(): Promise<void> {
    await this.close();
    await rmAsync(this.root, { recursive: true, force: true });
    await this.init();
  }
}
