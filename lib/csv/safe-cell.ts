/**
 * CSV cells that a spreadsheet will not run as formulas (OWASP "CSV Injection"): text starting with
 * =, +, -, @, a tab or a carriage return gets a leading apostrophe, and every cell is quoted with its
 * double quotes doubled, so a separator or line break inside a value cannot start a new cell.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvSafeCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  // A finite number is data, not a formula, even when negative.
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : '""';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

/** One CSV line (CRLF, as RFC 4180) of safe cells. */
export function csvRow(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvSafeCell).join(",")}\r\n`;
}
