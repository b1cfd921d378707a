import type { Readable } from "node:stream";
import { CsvParser } from "@/lib/csv/parser";
import {
  CSV_PREVIEW_MAX_BYTES,
  CSV_PREVIEW_MAX_CELLS,
  CSV_PREVIEW_MAX_CELL_CHARS,
  CSV_PREVIEW_MAX_COLUMNS,
  CSV_PREVIEW_ROWS,
  JSON_PREVIEW_MAX_DEPTH,
  PREVIEW_MAX_OUTPUT_CHARS,
  TEXT_PREVIEW_MAX_BYTES,
} from "./preview";

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
  /** Wider, or with longer cells, than a preview may build: nothing is shown, only the download. */
  tooComplex: boolean;
};

export type TextPreview = { text: string; more: boolean; looksBinary: boolean };

export type JsonPreview =
  | { valid: true; pretty: string; resourceType: string | null; bundleType: string | null; entries: number | null }
  | { valid: false; reason: "too-large" | "invalid"; text: string; more: boolean }
  | { valid: false; reason: "too-complex"; text: ""; more: boolean };

async function* pieces(body: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const piece of body as AsyncIterable<Buffer>) yield piece;
  } finally {
    body.destroy(); // stops MESH sending the rest once the reader has enough
  }
}

/** Characters handed to the CSV parser at a time, so its caps are checked before one piece can build much. */
const CSV_PARSE_SLICE = 16 * 1024;

const csvTooComplex: CsvPreview = { header: [], rows: [], columns: 0, more: true, tooComplex: true };

const tooWide = (row: string[]) => row.length > CSV_PREVIEW_MAX_COLUMNS || row.some((cell) => cell.length > CSV_PREVIEW_MAX_CELL_CHARS);

/**
 * The header row and up to `maxRows` rows after it, parsed as they stream in. A file wider than the
 * column cap or with a longer cell is `tooComplex`; rows are dropped to keep the table within the cell
 * and output caps.
 */
export async function readCsvPreview(
  body: Readable,
  { maxRows = CSV_PREVIEW_ROWS, maxBytes = CSV_PREVIEW_MAX_BYTES }: { maxRows?: number; maxBytes?: number } = {},
): Promise<CsvPreview> {
  const parser = new CsvParser();
  const decoder = new TextDecoder("utf-8");
  const rows: string[][] = [];
  const enough = () => rows.length > maxRows + 1 || (rows.length === maxRows + 1 && parser.partial);
  /** Parses more text; false as soon as the file turns out too complex to preview. */
  const feed = (text: string): boolean => {
    for (let i = 0; i < text.length && !enough(); i += CSV_PARSE_SLICE) {
      parser.push(text.slice(i, i + CSV_PARSE_SLICE));
      if (parser.openRowFields > CSV_PREVIEW_MAX_COLUMNS || parser.openFieldLength > CSV_PREVIEW_MAX_CELL_CHARS) return false;
      const done = parser.take();
      if (done.some(tooWide)) return false;
      rows.push(...done);
    }
    return true;
  };
  let bytes = 0;
  let more = false;
  for await (const piece of pieces(body)) {
    const room = maxBytes - bytes;
    const slice = piece.length > room ? piece.subarray(0, room) : piece;
    bytes += slice.length;
    if (!feed(decoder.decode(slice, { stream: true }))) return csvTooComplex;
    // The header plus maxRows rows are wanted; anything after them only tells us there is more.
    if (enough()) {
      more = true;
      break;
    }
    if (bytes >= maxBytes) {
      more = slice.length < piece.length || (await hasMore(body));
      break;
    }
  }
  if (!more) {
    if (!feed(decoder.decode())) return csvTooComplex;
    parser.end();
    const last = parser.take();
    if (last.some(tooWide)) return csvTooComplex;
    rows.push(...last);
  }
  const [header = [], ...data] = rows;
  const wanted = data.slice(0, maxRows);
  const columns = Math.max(header.length, ...wanted.map((row) => row.length));
  const shown = withinOutputCaps(header, wanted, columns);
  if (!shown) return csvTooComplex;
  return { header, rows: shown, columns, more: more || data.length > shown.length, tooComplex: false };
}

/** The leading rows that keep the table within the cell and character caps; null if not even the header fits. */
function withinOutputCaps(header: string[], rows: string[][], columns: number): string[][] | null {
  const characters = (row: string[]) => row.reduce((sum, cell) => sum + cell.length, 0);
  let total = characters(header);
  if (total > PREVIEW_MAX_OUTPUT_CHARS) return null;
  const maxRowsByCells = Math.floor(CSV_PREVIEW_MAX_CELLS / Math.max(columns, 1)) - 1;
  let count = 0;
  while (count < rows.length && count < maxRowsByCells) {
    total += characters(rows[count]!);
    if (total > PREVIEW_MAX_OUTPUT_CHARS) break;
    count += 1;
  }
  return rows.slice(0, count);
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

/**
 * The file pretty-printed if it is valid JSON within the limits, with the FHIR resource type if it has
 * one. Nesting past the depth cap is `too-complex`; JSON whose formatted form would pass the output cap
 * is shown as it was sent.
 */
export async function readJsonPreview(body: Readable, maxBytes = TEXT_PREVIEW_MAX_BYTES): Promise<JsonPreview> {
  const { text, more } = await readTextPreview(body, maxBytes);
  const shape = jsonShape(text);
  if (shape.depth > JSON_PREVIEW_MAX_DEPTH) return { valid: false, reason: "too-complex", text: "", more };
  if (more) return { valid: false, reason: "too-large", text, more };
  // Each value may get its own line indented two spaces a level: too much to format is shown as sent.
  if (text.length + shape.values * (2 * shape.depth + 1) > PREVIEW_MAX_OUTPUT_CHARS)
    return { valid: false, reason: "too-large", text, more };
  try {
    const value: unknown = JSON.parse(text);
    const record = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    const resourceType = typeof record?.resourceType === "string" ? record.resourceType : null;
    const bundleType = resourceType === "Bundle" && typeof record?.type === "string" ? record.type : null;
    const entries = resourceType === "Bundle" && Array.isArray(record?.entry) ? record.entry.length : null;
    return { valid: true, pretty: JSON.stringify(value, null, 2), resourceType, bundleType, entries };
  } catch {
    return { valid: false, reason: "invalid", text, more: false };
  }
}

/** How deeply brackets nest outside strings, and roughly how many values there are (stops past the depth cap). */
export function jsonShape(text: string): { depth: number; values: number } {
  let depth = 0;
  let deepest = 0;
  let values = 1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      values += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > JSON_PREVIEW_MAX_DEPTH) break;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    } else if (c === 0x2c) {
      values += 1;
    }
  }
  return { depth: deepest, values };
}
