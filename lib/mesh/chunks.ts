import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { meshError } from "./errors";

/** What `send` accepts: a stream (or async iterable) of unknown length, or bytes already in memory. */
export type SendSource =
  ReadableStream<Uint8Array> | WebReadableStream<Uint8Array> | Readable | AsyncIterable<Uint8Array> | Buffer | Uint8Array | string;

/** 100 MB: the most MESH accepts in one request. */
export const MAX_CHUNK_SIZE = 100_000_000;
/** 20 MiB: small enough to keep memory flat, large enough to keep the chunk count low. */
export const DEFAULT_CHUNK_SIZE = 20 * 1024 * 1024;

export function checkChunkSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_CHUNK_SIZE) {
    throw meshError("bad-request", `chunk size must be a whole number of bytes from 1 to ${MAX_CHUNK_SIZE}, not ${size}`);
  }
  return size;
}

/** Views any source as a sequence of Buffers without copying what is already in memory. */
export function byteIterable(source: SendSource): AsyncIterable<Buffer> {
  if (typeof source === "string") return Readable.from([Buffer.from(source, "utf8")], { objectMode: false });
  if (source instanceof Uint8Array) {
    const buf = Buffer.isBuffer(source) ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return (async function* () {
      if (buf.length > 0) yield buf;
    })();
  }
  // A web stream or an async iterable is read as it is: wrapping it in a Node stream would add a step per piece.
  const readable = source as AsyncIterable<Uint8Array | string>;
  return (async function* () {
    for await (const part of readable) {
      // A Node stream in string mode hands out strings; everything else is bytes.
      // A Uint8Array (a web stream's piece) is viewed as a Buffer, not copied.
      if (typeof part === "string") yield Buffer.from(part, "utf8");
      else if (Buffer.isBuffer(part)) yield part;
      else yield Buffer.from((part as Uint8Array).buffer, (part as Uint8Array).byteOffset, (part as Uint8Array).byteLength);
    }
  })();
}

/** Bytes gathered as separate pieces before a read allocates its whole chunk. */
const GATHER_LIMIT = 1024 * 1024;

/**
 * Reads fixed-size chunks from a byte sequence. It holds at most the chunk being built plus one
 * source piece of lookahead, which is how it tells the last chunk from a full one.
 */
export class ChunkReader {
  private readonly iterator: AsyncIterator<Buffer>;
  private pending: Buffer | undefined;
  private done = false;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<void> {
    while (!this.pending?.length && !this.done) {
      const next = await this.iterator.next();
      if (next.done) this.done = true;
      else this.pending = next.value;
    }
  }

  /** Whether the source is exhausted; may pull one piece ahead. */
  async atEnd(): Promise<boolean> {
    await this.fill();
    return !this.pending?.length;
  }

  /** The next `size` bytes, or fewer only at the end of the source; empty when exhausted. */
  async read(size: number): Promise<Buffer> {
    await this.fill();
    // A piece that covers the whole chunk (e.g. a Buffer source) is sliced, not copied.
    if (this.pending && this.pending.length >= size) {
      const chunk = this.pending.subarray(0, size);
      this.pending = this.pending.subarray(size);
      return chunk;
    }
    // Short input (a 1 KiB message read against a 20 MiB chunk size) is gathered piece by piece:
    // allocating the whole chunk up front cost 20 MiB per call and most of the client's time in GC.
    // Past GATHER_LIMIT the input is long, so the chunk is allocated once and filled in place.
    const parts: Buffer[] = [];
    let chunk: Buffer | undefined;
    let length = 0;
    while (length < size) {
      await this.fill();
      if (!this.pending?.length) break;
      const take = Math.min(size - length, this.pending.length);
      const piece = this.pending.subarray(0, take);
      this.pending = this.pending.subarray(take);
      if (chunk) {
        piece.copy(chunk, length);
      } else if (length + take <= GATHER_LIMIT) {
        parts.push(piece);
      } else {
        chunk = Buffer.allocUnsafe(size);
        let at = 0;
        for (const part of parts) at += part.copy(chunk, at);
        piece.copy(chunk, length);
        parts.length = 0;
      }
      length += take;
    }
    if (chunk) return chunk.subarray(0, length);
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
  }

  /**
   * The next `size` bytes as one slice when the piece in hand already holds them all (a Buffer
   * source, or a source of large pieces); null when they would have to be gathered.
   */
  async slice(size: number): Promise<Buffer | null> {
    await this.fill();
    if (!this.pending || this.pending.length < size) return null;
    return this.read(size);
  }

  /** At most `max` bytes, as they arrive and without copying; empty only when the source is exhausted. */
  async piece(max: number): Promise<Buffer> {
    await this.fill();
    if (!this.pending?.length) return Buffer.alloc(0);
    const piece = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(piece.length);
    return piece;
  }

  /** Everything not yet read, as a stream of pieces. */
  async *rest(): AsyncGenerator<Buffer> {
    await this.fill();
    while (this.pending?.length) {
      const piece = this.pending;
      this.pending = undefined;
      yield piece;
      await this.fill();
    }
  }

  /** Stops reading the source early (on error or cancellation). */
  async close(): Promise<void> {
    this.pending = undefined;
    if (!this.done) {
      this.done = true;
      await this.iterator.return?.();
    }
  }
}
