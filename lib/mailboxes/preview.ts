/** What the preview page can show; anything else is offered only as a download. */
export type PreviewKind = "csv" | "text" | "json" | "pdf";

/** Why other files have no preview, for the message page and the preview page. */
export const NOT_PREVIEWED_REASON =
  "Mailroom can only show a preview of CSV, plain text, JSON (including FHIR) and PDF files. Other files may need other software to open safely, so download the file and open it with the software your organisation provides.";

const BY_TYPE: Record<string, PreviewKind> = {
  "text/csv": "csv",
  "application/csv": "csv",
  "text/comma-separated-values": "csv",
  "text/x-csv": "csv",
  "text/plain": "text",
  "text/tab-separated-values": "text",
  "text/xml": "text",
  "application/xml": "text",
  "application/json": "json",
  "text/json": "json",
  "application/pdf": "pdf",
};

const BY_EXTENSION: Record<string, PreviewKind> = {
  csv: "csv",
  txt: "text",
  text: "text",
  log: "text",
  tsv: "text",
  xml: "text",
  hl7: "text",
  json: "json",
  pdf: "pdf",
};

/**
 * Whether Mailroom previews a file with this declared type and name, and how. The declared type is
 * tried first, then the extension, because MESH senders often send CSVs as
 * `application/octet-stream` or `application/vnd.ms-excel`. Previews never run the content as
 * code whatever it claims to be, so trusting either is safe.
 */
export function previewKind(contentType: string | null | undefined, fileName: string | null | undefined): PreviewKind | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const byType = BY_TYPE[type] ?? (/^application\/[\w.-]+\+json$/.test(type) ? "json" : undefined); // application/fhir+json
  if (byType) return byType;
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec((fileName ?? "").trim())?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION[extension]) || null;
}

/** CSV previews show this many rows after the header row. */
export const CSV_PREVIEW_ROWS = 200;
/** CSV parsing stops after this many bytes even if fewer rows were found (one huge quoted field). */
export const CSV_PREVIEW_MAX_BYTES = 4 * 1024 * 1024;
/** A CSV wider than this, or with a longer cell, is too complex to preview: a table that size helps nobody and costs the server dearly. */
export const CSV_PREVIEW_MAX_COLUMNS = 200;
export const CSV_PREVIEW_MAX_CELL_CHARS = 10_000;
/** A CSV preview shows fewer rows when rows × columns would pass this. */
export const CSV_PREVIEW_MAX_CELLS = 20_000;
/** What a preview may put on the page, in characters, whatever the file holds. */
export const PREVIEW_MAX_OUTPUT_CHARS = 2_000_000;
/** JSON nested deeper than this is not formatted (FHIR documents nest about a dozen levels). */
export const JSON_PREVIEW_MAX_DEPTH = 64;
/** Text and JSON previews show at most this many bytes. */
export const TEXT_PREVIEW_MAX_BYTES = 1024 * 1024;
