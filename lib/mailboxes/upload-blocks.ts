/**
 * An upload's body in blocks of about a mebibyte, read ahead of the reader. A browser's file
 * reaches a route handler in pieces of 16–64 KiB, and every piece would otherwise take its own trip
 * through the SHA-256 check, lib/mesh's chunking and the socket to MESH: about 1,600 trips of
 * several promises each for a 100 MB file. Gathering them costs one copy and leaves about a
 * hundred. Reading a few blocks ahead lets the web app take in (and hash) the browser's next bytes
 * while MESH is still answering the last chunk, instead of only after (ADR 0022).
 */

/** 1 MiB: a twentieth of a lib/mesh chunk. */
export const BLOCK_BYTES = 1024 * 1024;
/** Blocks held ready for the reader: 4 MiB per upload, 40 MiB for ten at once. */
export const BLOCKS_AHEAD = 4;

type Body = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export type BlockOptions = {
  /** Sees each piece as it arrives, before it is gathered; throwing stops the upload at that piece. */
  check: (piece: Uint8Array) => void;
  /** Sees each block once gathered, in order (e.g. to hash it while the reader is busy). */
  onBlock?: (block: Buffer) => void;
  blockBytes?: number;
  blocksAhead?: number;
};

const asBuffer = (piece: Uint8Array): Buffer =>
  Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);

/** next() and stop() over either kind of body; a web stream is read with its reader (fewer promises than its async iterator). */
function piecesOf(body: Body): { next: () => Promise<IteratorResult<Uint8Array>>; stop: () => Promise<unknown> } {
  if ("getReader" in body) {
    const reader = body.getReader();
    return { next: () => reader.read() as Promise<IteratorResult<Uint8Array>>, stop: () => reader.cancel() };
  }
  const iterator = body[Symbol.asyncIterator]();
  return { next: () => iterator.next(), stop: async () => iterator.return?.() };
}

/**
 * The body's bytes in blocks of at least `blockBytes` (the last one may be shorter), read up to
 * `blocksAhead` blocks ahead of the reader. A failed check or read is thrown at the reader's next
 * call; stopping early (return, or a throw into the iterator) stops reading the body.
 */
export function uploadBlocks(body: Body, options: BlockOptions): AsyncIterableIterator<Buffer> {
  const blockBytes = options.blockBytes ?? BLOCK_BYTES;
  const blocksAhead = options.blocksAhead ?? BLOCKS_AHEAD;
  const source = piecesOf(body);
  const ready: Buffer[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  // Whoever waits: the reader for a block, or the pump for room.
  let wakeReader: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  const wake = (which: "reader" | "pump") => {
    const fn = which === "reader" ? wakeReader : wakePump;
    if (which === "reader") wakeReader = undefined;
    else wakePump = undefined;
    fn?.();
  };

  const pump = async () => {
    let parts: Buffer[] = [];
    let gathered = 0;
    const emit = () => {
      const block = parts.length === 1 ? parts[0]! : Buffer.concat(parts, gathered);
      parts = [];
      gathered = 0;
      options.onBlock?.(block);
      ready.push(block);
      wake("reader");
    };
    try {
      for (;;) {
        while (ready.length >= blocksAhead && !stopped) await new Promise<void>((resolve) => (wakePump = resolve));
        if (stopped) return;
        const next = await source.next();
        if (next.done) break;
        if (stopped) return;
        const piece = next.value;
        if (piece.length === 0) continue;
        options.check(piece);
        parts.push(asBuffer(piece));
        gathered += piece.length;
        if (gathered >= blockBytes) emit();
      }
      if (gathered > 0) emit();
      ended = true;
    } catch (error) {
      failure = { error };
      if (!stopped) await source.stop().catch(() => undefined);
    }
    wake("reader");
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    ready.length = 0;
    wake("pump");
    if (!ended && !failure) await source.stop().catch(() => undefined);
  };

  let started = false;
  const iterator: AsyncIterableIterator<Buffer> = {
    async next() {
      if (!started) {
        started = true;
        void pump();
      }
      for (;;) {
        if (stopped) return { done: true, value: undefined };
        if (failure) {
          stopped = true;
          throw failure.error;
        }
        const block = ready.shift();
        if (block) {
          wake("pump");
          return { done: false, value: block };
        }
        if (ended) return { done: true, value: undefined };
        await new Promise<void>((resolve) => (wakeReader = resolve));
      }
    },
    async return() {
      await stop();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await stop();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
