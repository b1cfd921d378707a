import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MeshError } from "@/lib/mesh";
import { messageBodyStream, meshErrorResponse, normaliseMessageId, parseSha256Checksum, type ChecksumOutcome } from "./download";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

function pieces(data: Buffer, size: number) {
  const pulled = { bytes: 0 };
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += size) {
        pulled.bytes += Math.min(size, data.length - i);
        yield data.subarray(i, i + size);
      }
    })(),
    { objectMode: false, highWaterMark: 1 },
  );
  return { stream, pulled };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

describe("parseSha256Checksum", () => {
  const hex = "a".repeat(64);
  it("accepts the forms senders use", () => {
    expect(parseSha256Checksum(`sha256:${hex}`)).toBe(hex);
    expect(parseSha256Checksum(`SHA256:${hex.toUpperCase()}`)).toBe(hex);
    expect(parseSha256Checksum(`SHA-256:${hex}`)).toBe(hex);
    expect(parseSha256Checksum(` ${hex} `)).toBe(hex);
  });
  it("ignores other kinds and malformed values", () => {
    expect(parseSha256Checksum("md5:0cc175b9c0f1b6a831c399e269772661")).toBeNull();
    expect(parseSha256Checksum(`sha1:${"a".repeat(40)}`)).toBeNull();
    expect(parseSha256Checksum(`sha256:${"a".repeat(63)}`)).toBeNull();
    expect(parseSha256Checksum(undefined)).toBeNull();
    expect(parseSha256Checksum("")).toBeNull();
  });
});

describe("messageBodyStream", () => {
  const data = Buffer.from("x".repeat(100_000));

  it("passes bytes through unchecked when there is no checksum", async () => {
    expect(await readAll(messageBodyStream(pieces(data, 7000).stream, { expectedSha256: null }))).toEqual(data);
  });

  it("delivers everything and reports a match", async () => {
    const outcomes: ChecksumOutcome[] = [];
    const out = await readAll(
      messageBodyStream(pieces(data, 7000).stream, { expectedSha256: sha(data), onChecked: (o) => void outcomes.push(o) }),
    );
    expect(out).toEqual(data);
    expect(outcomes).toEqual([{ expected: sha(data), actual: sha(data), ok: true, bytes: data.length }]);
  });

  it("withholds the last piece and errors on a mismatch", async () => {
    const outcomes: ChecksumOutcome[] = [];
    const reader = messageBodyStream(pieces(data, 7000).stream, {
      expectedSha256: "0".repeat(64),
      onChecked: (o) => void outcomes.push(o),
    }).getReader();
    let received = 0;
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received += value.length;
        }
      })(),
    ).rejects.toThrow(/checksum mismatch/);
    expect(received).toBe(data.length - (data.length % 7000 || 7000));
    expect(outcomes[0]?.ok).toBe(false);
  });

  it("reads from the source only as the consumer asks (back-pressure)", async () => {
    const big = Buffer.alloc(10_000_000);
    const { stream, pulled } = pieces(big, 64 * 1024);
    const reader = messageBodyStream(stream, { expectedSha256: null }).getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled.bytes).toBeLessThan(2_500_000); // the read-ahead window, not the 10 MB
    await reader.cancel();
    expect(stream.destroyed).toBe(true);
  });

  it("passes on an error from MESH mid-stream", async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from("start");
        throw new MeshError("chunk 2 failed", { kind: "unavailable" });
      })(),
    );
    await expect(readAll(messageBodyStream(failing, { expectedSha256: null }))).rejects.toThrow(/chunk 2 failed/);
  });
});

describe("messageBodyStream's stall clock", () => {
  it("ends the stream with a timeout when MESH sends nothing while the reader waits", async () => {
    const silent = new Readable({ read() {} }); // headers came, then nothing
    silent.push(Buffer.from("first "));
    const reader = messageBodyStream(silent, { expectedSha256: null, stallMs: 50 }).getReader();
    const error = await (async () => {
      for (;;) if ((await reader.read()).done) return null;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).kind).toBe("timeout");
    expect(silent.destroyed).toBe(true);
  });

  it("does not count time the reader spends paused", async () => {
    const { stream } = pieces(Buffer.alloc(10, 1), 5);
    const reader = messageBodyStream(stream, { expectedSha256: null, stallMs: 20 }).getReader();
    await new Promise((resolve) => setTimeout(resolve, 100)); // a reader slower than the clock
    const parts: Uint8Array[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
    expect(Buffer.concat(parts)).toEqual(Buffer.alloc(10, 1));
  });
});

describe("meshErrorResponse", () => {
  it("maps MESH errors to plain answers", async () => {
    const notFound = meshErrorResponse(new MeshError("x", { kind: "not-found" }));
    expect(notFound.status).toBe(404);
    expect(meshErrorResponse(new MeshError("x", { kind: "gone" })).status).toBe(410);
    const down = meshErrorResponse(new MeshError("x", { kind: "timeout" }));
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ error: "Sorry, there is a problem with the service. Try again later." });
    expect(() => meshErrorResponse(new Error("bug"))).toThrow("bug");
  });
});

describe("normaliseMessageId", () => {
  it("accepts MESH ids and refuses anything else", () => {
    expect(normaliseMessageId("20260301090000000000_abc123")).toBe("20260301090000000000_ABC123");
    expect(normaliseMessageId("..%2F..%2Fetc")).toBeNull();
    expect(normaliseMessageId("%E0%A4%A")).toBeNull();
    expect(normaliseMessageId("")).toBeNull();
  });
});
