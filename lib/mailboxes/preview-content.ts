import type { Readable } from "node:stream";
import { CsvParser } from "@/lib/csv/parser";
import { CSV_PREVIEW_MAX_BYTES, CSV_PREVIEW_ROWS, TEXT_PREVIEW_MAX_BYTES } from "./preview";

/*
 * Readers for the preview page: each reads only the start of a message, stops the download as soon
 * as it has enough, and returns plain strings for React to render as text (never as markup).
 */

export type CsvPreview = {
  header: string[];
  rows: string[][];
  /** Widest row, so short rows can be padded into a rectangular table. */
  columns: number;
  /** The file holds more than was shown (more rows, or more bytes than the preview reads). */
  more: boolean;
};

export type TextPreview = { text: string; more: boolean; looksBinary: boolean };

export type JsonPreview =
  | { valid: true; pretty: string; resourceType: string | null; bundleType: string | null; entries: number | null }
  | { valid: false; reason: "too-large" | "invalid"; text: string; more: boolean };

async function* pieces(body: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const piece of body as AsyncIterable<Buffer>) yield piece;
  } finally {
    body.destroy(); // stops MESH sending the rest once the reader has enough
  }
}

/** The header row and up to `maxRows` rows after it, parsed as they stream in. */
export async function readCsvPreview(
  body: Readable,
  { maxRows = CSV_PREVIEW_ROWS, maxBytes = CSV_PREVIEW_MAX_BYTES }: { maxRows?: number; maxBytes?: number } = {},
): Promise<CsvPreview> {
  const parser = new CsvParser();
  const decoder = new TextDecoder("utf-8");
  const rows: string[][] = [];
  let bytes = 0;
  let more = false;
  for await (const piece of pieces(body)) {
    const room = maxBytes - bytes;
    const slice = piece.length > room ? piece.subarray(0, room) : piece;
    bytes += slice.length;
    parser.push(decoder.decode(slice, { stream: true }));
    rows.push(...parser.take());
    // The header plus maxRows rows are wanted; anything after them only tells us there is more.
    if (rows.length > maxRows + 1 || (rows.length === maxRows + 1 && parser.partial)) {
      more = true;
      break;
    }
    if (bytes >= maxBytes) {
      more = slice.length < piece.length || (await hasMore(body));
      break;
    }
  }
  if (!more) {
    parser.push(decoder.decode());
    parser.end();
    rows.push(...parser.take());
  }
  const [header = [], ...data] = rows;
  const shown = data.slice(0, maxRows);
  const columns = Math.max(header.length, ...shown.map((row) => row.length));
  return { header, rows: shown, columns, more: more || data.length > maxRows };
}

/** Up to `maxBytes` of the file as UTF-8 text (a character cut by the limit is dropped, not mangled). */
export async function readTextPreview(body: Readable, maxBytes = TEXT_PREVIEW_MAX_BYTES): Promise<TextPreview> {
  const decoder = new TextDecoder("utf-8");
  let text = "";
  let bytes = 0;
  let more = false;
  let looksBinary = false;
  for await (const piece of pieces(body)) {
    const room = maxBytes - bytes;
    const slice = piece.length > room ? piece.subarray(0, room) : piece;
    if (bytes < 8192 && slice.subarray(0, 8192 - bytes).includes(0)) looksBinary = true;
    bytes += slice.length;
    text += decoder.decode(slice, { stream: true });
    if (slice.length < piece.length || bytes >= maxBytes) {
      more = slice.length < piece.length || (await hasMore(body));
      break;
    }
  }
  if (!more) text += decoder.decode();
  return { text, more, looksBinary };
}

/** True if the stream still has a byte to give (it sits exactly at the limit otherwise). */
async function hasMore(body: Readable): Promise<boolean> {
  if (body.destroyed) return false;
  const iterator = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const next = await iterator.next();
  await iterator.return?.();
  return !next.done && next.value.length > 0;
}

/** The file pretty-printed if it is valid JSON within the limit, with the FHIR resource type if it has one. */
export async function readJsonPreview(body: Readable, maxBytes = TEXT_PREVIEW_MAX_BYTES): Promise<JsonPreview> {
  const { text, more } = await readTextPreview(body, maxBytes);
  if (more) return { valid: false, reason: "too-large", text, more };
  try {
    const value: unknown = JSON.parse(text);
    const record = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    const resourceType = typeof record?.resourceType === "string" ? record.resourceType : null;
    const bundleType = resourceType === "Bundle" && typeof record?.type === "string" ? record.type : null;
    const entries = resourceType === "Bundle" && Array.isArray(record?.entry) ? record.entry.length : null;
    return { valid: true, pretty: JSON.stringify(value, null, 2), resourceType, bundleType, entries };
  } catch {
    // Invalid, or nested too deeply to print: either way, show it as it is.
    return { valid: false, reason: "invalid", text, more: false };
  }
}
