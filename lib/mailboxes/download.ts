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

/**
 * A web stream of the message's bytes for a `Response`, pulled from MESH only as the client reads:
 * at most READ_AHEAD_BYTES wait in the queue, so memory stays flat whatever the size, while the
 * next pieces arrive from MESH as the last ones go out to the browser.
 *
 * The pieces come from `body`'s 'data' events and go into the queue as they are, with no copy and
 * no promise or timer of their own: `body` is paused while the queue is full and resumed when the
 * reader asks for more (ADR 0022).
 *
 * With a checksum to verify, the latest piece is held back until the next one arrives, and the last
 * piece is sent only once the hash matches. On a mismatch the stream errors instead, so the
 * response ends short: the browser marks the download failed even when Content-Length was sent.
 */
// Enough to keep both sockets busy; small against the 64 MB RSS budget for a 100 MB download.
const READ_AHEAD_BYTES = 1024 * 1024;

export function messageBodyStream(body: Readable, options: StreamOptions): ReadableStream<Uint8Array> {
  const hash = options.expectedSha256 ? createHash("sha256") : null;
  let held: Buffer | null = null;
  let bytes = 0;
  let finished = false;
  // Runs only while the reader is waiting for MESH (body flowing), restarted by each piece.
  let stall: NodeJS.Timeout | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let mismatch: Error | null = null;
  const queueEmpty = () => (controller.desiredSize ?? 0) >= READ_AHEAD_BYTES;

  const stopClock = () => {
    clearTimeout(stall);
    stall = undefined;
  };
  const fail = (error: unknown) => {
    if (finished) return;
    finished = true;
    stopClock();
    body.destroy();
    controller.error(error);
  };
  const startClock = () => {
    if (!options.stallMs || stall || finished) return;
    stall = setTimeout(() => fail(meshError("timeout", `MESH sent nothing for ${options.stallMs} ms during a download`)), options.stallMs);
  };
  const onPiece = (piece: Buffer) => {
    if (finished || piece.length === 0) return;
    stall?.refresh();
    bytes += piece.length;
    let out: Buffer | null = piece;
    if (hash) {
      hash.update(piece);
      out = held;
      held = piece;
    }
    if (out) controller.enqueue(out);
    if ((controller.desiredSize ?? 0) <= 0) {
      body.pause();
      stopClock();
    }
  };
  const onEnd = async () => {
    if (finished) return;
    finished = true;
    stopClock();
    try {
      if (hash && options.expectedSha256) {
        const actual = hash.digest("hex");
        const outcome = { expected: options.expectedSha256, actual, ok: actual === options.expectedSha256, bytes };
        await options.onChecked?.(outcome);
        if (!outcome.ok) {
          // Erroring drops what is queued; the reader gets every piece but the held one first.
          mismatch = new Error(`checksum mismatch: expected ${outcome.expected}, got ${actual}`);
          if (queueEmpty()) controller.error(mismatch);
          return;
        }
        if (held) controller.enqueue(held);
      }
      controller.close();
    } catch (error) {
      controller.error(error);
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        body.pause();
        body.on("data", onPiece);
        body.once("end", () => void onEnd());
        body.once("error", fail);
        // Destroyed without an error (and so without "end"): the bytes stop short, which must not look complete.
        body.once("close", () => fail(meshError("unavailable", "the download from MESH stopped before its end")));
      },
      pull() {
        if (mismatch && queueEmpty()) controller.error(mismatch);
        if (finished) return;
        startClock();
        body.resume();
      },
      cancel() {
        finished = true;
        stopClock();
        // Stops the MESH request when the browser gives up; lib/mesh closes the half-read chunk.
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
