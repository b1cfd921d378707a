import { describe, expect, it } from "vitest";
import { uploadBlocks } from "./upload-blocks";

/** A web stream of `data` in pieces of `size`, counting what has been pulled and whether it was cancelled. */
function pieces(data: Buffer, size: number) {
  const seen = { pulled: 0, cancelled: false };
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= data.length) return controller.close();
        const piece = data.subarray(offset, offset + size);
        offset += piece.length;
        seen.pulled += piece.length;
        controller.enqueue(new Uint8Array(piece));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
const none = () => undefined;

async function collect(blocks: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const block of blocks) out.push(block);
  return out;
}

describe("uploadBlocks", () => {
  it("gathers small pieces into blocks of at least the block size, in order, the last one shorter", async () => {
    const blocks = await collect(uploadBlocks(pieces(data, 7000).stream, { check: none, blockBytes: 30_000 }));
    expect(Buffer.concat(blocks)).toEqual(data);
    expect(blocks.map((b) => b.length)).toEqual([35_000, 35_000, 30_000]);
  });

  it("reads from an async iterable too, and hands each block to onBlock in order", async () => {
    const seen: number[] = [];
    const source = (async function* () {
      for (let i = 0; i < data.length; i += 4000) yield data.subarray(i, i + 4000);
    })();
    const blocks = await collect(uploadBlocks(source, { check: none, blockBytes: 50_000, onBlock: (b) => seen.push(b.length) }));
    expect(Buffer.concat(blocks)).toEqual(data);
    expect(seen).toEqual(blocks.map((b) => b.length));
  });

  it("reads ahead of a reader that waits, but only a bounded number of blocks", async () => {
    const big = Buffer.alloc(1_000_000);
    const { stream, seen } = pieces(big, 1000);
    let checked = 0;
    let aheadReached!: () => void;
    const ahead = new Promise<void>((resolve) => (aheadReached = resolve));
    const blocks = uploadBlocks(stream, {
      check: (piece) => {
        checked += piece.length;
        if (checked >= 4 * 10_000) aheadReached();
      },
      blockBytes: 10_000,
      blocksAhead: 3,
    });
    await blocks.next();
    await ahead; // the block handed out and three more, read while the reader does nothing
    await new Promise((resolve) => setTimeout(resolve, 50)); // room to overrun, if it would
    expect(seen.pulled).toBeLessThanOrEqual(4 * 10_000 + 1000); // at most one piece of the next block
    await blocks.return!();
    expect(seen.cancelled).toBe(true);
  });

  it("stops at the piece a check refuses, cancels the body, and throws at the reader's next call", async () => {
    const { stream, seen } = pieces(data, 7000);
    let bytes = 0;
    const blocks = uploadBlocks(stream, {
      check: (piece) => {
        bytes += piece.length;
        if (bytes > 20_000) throw new Error("over the limit");
      },
      blockBytes: 1_000_000,
    });
    await expect(collect(blocks)).rejects.toThrow("over the limit");
    expect(seen.pulled).toBe(21_000);
    expect(seen.cancelled).toBe(true);
  });

  it("passes on a body that fails mid-way", async () => {
    const failing = (async function* () {
      yield Buffer.alloc(10);
      throw new Error("the browser went away");
    })();
    await expect(collect(uploadBlocks(failing, { check: none }))).rejects.toThrow("the browser went away");
  });
});
