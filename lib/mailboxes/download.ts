import "server-only";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { pathText } from "@/lib/http/url-text";
import { isMeshError, type MeshDownload } from "@/lib/mesh";
import { meshError } from "@/lib/mesh/errors";

/** The one sentence people see whenever MESH cannot be reached. */
export const SERVICE_PROBLEM = "Sorry, there is a problem with the service. Try again later.";

/** What the message page says after a download whose bytes did not match the sender's checksum. */
export const CHECKSUM_MISMATCH_SENTENCE =
  "The file you downloaded did not match the checksum the sender gave, so it may be incomplete or changed. Delete the downloaded copy and download the file again. If it happens again, contact the sender.";

/**
 * The SHA-256 the sender declared in `mex-content-checksum`, as lower-case hex: `sha256:<hex>`,
 * `SHA256:<hex>`, `SHA-256:<hex>` or a bare 64-digit hex value. Null for other kinds (MD5…), which
 * are not verified.
 */
export function parseSha256Checksum(header: string | null | undefined): string | null {
  const match = /^\s*(?:sha-?256\s*[:=]\s*)?([0-9a-f]{64})\s*$/i.exec(header ?? "");
  return match ? match[1]!.toLowerCase() : null;
}

export type ChecksumOutcome = { expected: string; actual: string; ok: boolean; bytes: number };

export type StreamOptions = {
  /** Lower-case hex SHA-256 to compare with, or null to pass the bytes through unchecked. */
  expectedSha256: string | null;
  /** Called once all bytes were read and compared; not called when the reader gave up early. */
  onChecked?: (outcome: ChecksumOutcome) => Promise<void> | void;
  /**
   * Longest wait for MESH's next bytes while the reader is asking for them. lib/mesh stops its own
   * timeout once a download's headers arrive (a paused reader is not a stalled server); this one
   * counts only time spent waiting on MESH, so a body that stalls still ends.
   */
  stallMs?: number;
};

function nextWithin<T>(iterator: AsyncIterator<T>, ms: number | undefined): Promise<IteratorResult<T>> {
  if (!ms) return iterator.next();
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(meshError("timeout", `MESH sent nothing for ${ms} ms during a download`)), ms);
  });
  return Promise.race([iterator.next(), stalled]).finally(() => clearTimeout(timer));
}

/**
 * A web stream of the message's bytes for a `Response`, pulled from MESH only as the client reads:
 * at most READ_AHEAD_BYTES wait in the queue, so memory stays flat whatever the size, while the
 * next pieces arrive from MESH as the last ones go out to the browser.
 *
 * With a checksum to verify, the latest piece is held back until the next one arrives, and the last
 * piece is sent only once the hash matches. On a mismatch the stream errors instead, so the
 * response ends short: the browser marks the download failed even when Content-Length was sent.
 */
// Enough to keep both sockets busy; small against the 64 MB RSS budget for a 100 MB download.
const READ_AHEAD_BYTES = 1024 * 1024;
const COALESCE_BYTES = 256 * 1024;

export function messageBodyStream(body: Readable, options: StreamOptions): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const hash = options.expectedSha256 ? createHash("sha256") : null;
  let held: Buffer | null = null;
  let bytes = 0;
  let finished = false;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    if (pendingBytes === 0) return;
    const joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    controller.enqueue(new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength));
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (finished) return;
        try {
          for (;;) {
            const next = await nextWithin(iterator, options.stallMs);
            if (next.done) break;
            const piece = next.value;
            if (piece.length === 0) continue;
            bytes += piece.length;
            let out: Buffer | null = piece;
            if (hash) {
              hash.update(piece);
              out = held;
              held = piece;
            }
            if (out) pending.push(out);
            pendingBytes += out?.length ?? 0;
            // Fewer, larger pieces: each one costs a trip through the web stream and Next's writer.
            if (pendingBytes >= COALESCE_BYTES) flush(controller);
            if ((controller.desiredSize ?? 0) <= 0) return;
          }
          finished = true;
          flush(controller);
          if (hash && options.expectedSha256) {
            const actual = hash.digest("hex");
            const outcome = { expected: options.expectedSha256, actual, ok: actual === options.expectedSha256, bytes };
            await options.onChecked?.(outcome);
            if (!outcome.ok) {
              controller.error(new Error(`checksum mismatch: expected ${outcome.expected}, got ${actual}`));
              return;
            }
            if (held) controller.enqueue(new Uint8Array(held.buffer, held.byteOffset, held.byteLength));
          }
          controller.close();
        } catch (error) {
          finished = true;
          body.destroy();
          controller.error(error);
        }
      },
      async cancel() {
        finished = true;
        // Stops the MESH request when the browser gives up; the generator's finally closes the socket.
        await iterator.return?.().catch(() => undefined);
        body.destroy();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: READ_AHEAD_BYTES }),
  );
}

/** Content-Length only when the byte count is certain: one chunk, not re-encoded on the way. */
export function knownLength(download: MeshDownload): number | undefined {
  const h = download.headers;
  const identity = !h.contentEncoding || h.contentEncoding === "identity";
  return h.chunkCount === 1 && identity && h.contentLength !== undefined ? h.contentLength : undefined;
}

/** The JSON answer for a MESH failure before any byte was sent: 404/410 in plain words, else 503. */
export function meshErrorResponse(error: unknown): Response {
  const headers = { "Cache-Control": "no-store" };
  if (isMeshError(error, "not-found")) {
    return Response.json(
      { error: "This message is not in the mailbox. It may have been acknowledged or deleted." },
      { status: 404, headers },
    );
  }
  if (isMeshError(error, "gone")) {
    return Response.json(
      { error: "This message is no longer available. MESH deletes messages that are not collected within 5 days." },
      { status: 410, headers },
    );
  }
  if (isMeshError(error)) return Response.json({ error: SERVICE_PROBLEM }, { status: 503, headers });
  throw error;
}

/** MESH message ids as the path carries them; upper-cased as the inbox index stores them. */
export function normaliseMessageId(value: string): string | null {
  const id = pathText(value)?.toUpperCase();
  return id && /^[A-Z0-9_.-]{1,100}$/.test(id) ? id : null;
}

export function messageNotFound(): Response {
  return Response.json({ error: "Page not found" }, { status: 404, headers: { "Cache-Control": "no-store" } });
}
