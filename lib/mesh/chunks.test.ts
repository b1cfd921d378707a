import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ChunkReader, byteIterable } from "./chunks";

async function chunksOf(reader: ChunkReader, size: number): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const chunk = await reader.read(size);
    if (chunk.length === 0) return out;
    out.push(chunk.toString());
  }
}

describe("ChunkReader", () => {
  it("splits a stream of uneven pieces into fixed chunks", async () => {
    const reader = new ChunkReader(byteIterable(Readable.from(["ab", "cdefg", "h", "", "ijk"].map((s) => Buffer.from(s)))));
    expect(await chunksOf(reader, 4)).toEqual(["abcd", "efgh", "ijk"]);
  });

  it("knows the end only by looking ahead", async () => {
    const reader = new ChunkReader(byteIterable(Readable.from([Buffer.from("abcd"), Buffer.from("efgh")])));
    expect((await reader.read(4)).toString()).toBe("abcd");
    expect(await reader.atEnd()).toBe(false);
    expect((await reader.read(4)).toString()).toBe("efgh");
    expect(await reader.atEnd()).toBe(true);
  });

  it("slices a Buffer without copying it", async () => {
    const source = Buffer.from("0123456789");
    const reader = new ChunkReader(byteIterable(source));
    const chunk = await reader.read(4);
    expect(chunk.buffer).toBe(source.buffer);
    expect(await chunksOf(reader, 4)).toEqual(["4567", "89"]);
  });

  it("gathers a short input without allocating the whole chunk", async () => {
    const source = Buffer.from("short");
    const reader = new ChunkReader(byteIterable(source));
    const chunk = await reader.read(20 * 1024 * 1024);
    expect(chunk.toString()).toBe("short");
    expect(chunk.buffer.byteLength).toBeLessThan(1024 * 1024);
  });

  it("keeps the bytes in order when it moves from gathering to filling in place", async () => {
    const pieces = Array.from({ length: 20 }, (_, i) => Buffer.alloc(100 * 1024, i + 1));
    const reader = new ChunkReader(byteIterable(Readable.from(pieces)));
    const chunk = await reader.read(15 * 100 * 1024 + 7);
    expect(chunk.equals(Buffer.concat(pieces).subarray(0, chunk.length))).toBe(true);
    expect(chunk.length).toBe(15 * 100 * 1024 + 7);
  });

  it("fills one chunk in place once the input is long", async () => {
    const piece = Buffer.alloc(600 * 1024, 0x61);
    const reader = new ChunkReader(byteIterable(Readable.from([piece, piece, piece, Buffer.from("z")])));
    const chunk = await reader.read(3 * piece.length);
    expect(chunk.length).toBe(3 * piece.length);
    expect(chunk.every((b) => b === 0x61)).toBe(true);
    expect((await reader.read(10)).toString()).toBe("z");
    expect(await reader.atEnd()).toBe(true);
  });

  it("reads web streams and strings", async () => {
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("hello "));
        controller.enqueue(new TextEncoder().encode("world"));
        controller.close();
      },
    });
    expect(await chunksOf(new ChunkReader(byteIterable(web)), 3)).toEqual(["hel", "lo ", "wor", "ld"]);
    expect(await chunksOf(new ChunkReader(byteIterable("héllo")), 100)).toEqual(["héllo"]);
  });

  it("hands back what is left as a stream", async () => {
    const reader = new ChunkReader(byteIterable(Readable.from([Buffer.from("abcdef"), Buffer.from("gh")])));
    await reader.read(2);
    const rest: string[] = [];
    for await (const piece of reader.rest()) rest.push(piece.toString());
    expect(rest.join("")).toBe("cdefgh");
  });
});
