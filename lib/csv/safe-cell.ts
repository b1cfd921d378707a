/*
 * CSV cells that a spreadsheet will show as text, never run as a formula (OWASP "CSV Injection"):
 * every text cell is quoted, inner quotes doubled, and a cell starting with = + - @ tab or carriage
 * return gets a leading apostrophe. Shared by every CSV export (Sent, the admin audit log).
 */

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, ready to join with commas. Finite numbers stay bare so spreadsheets keep them numeric. */
export function csvSafeCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

/** One CSV line (CRLF-terminated, as RFC 4180 says) from its cells. */
export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvSafeCell).join(",")}\r\n`;
}
