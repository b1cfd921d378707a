/**
 * An incremental CSV parser (RFC 4180, read leniently): text arrives in pieces of any size, rows come
 * out as soon as they are complete, and the caller stops feeding once it has enough. Quoted fields
 * may hold commas, doubled quotes and line breaks; CRLF, LF and lone CR all end a row.
 */
export class CsvParser {
  private readonly rows: string[][] = [];
  private row: string[] = [];
  private field = "";
  private inQuotes = false;
  /** The previous piece ended with a quote inside a quoted field: escape or end of field is not known yet. */
  private quotePending = false;
  /** The previous piece ended with CR: a following LF belongs to the same line break. */
  private crPending = false;
  private fieldStarted = false;

  /** Parses another piece of text. */
  push(text: string): void {
    let i = 0;
    const n = text.length;
    if (this.crPending) {
      this.crPending = false;
      if (text[0] === "\n") i = 1;
    }
    while (i < n) {
      if (this.quotePending) {
        this.quotePending = false;
        if (text[i] === '"') {
          this.field += '"';
          i += 1;
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          this.field += text.slice(i);
          return;
        }
        this.field += text.slice(i, quote);
        i = quote + 1;
        if (i === n) {
          this.quotePending = true;
          return;
        }
        if (text[i] === '"') {
          this.field += '"';
          i += 1;
        } else {
          this.inQuotes = false;
        }
        continue;
      }
      const c = text[i]!;
      if (c === ",") {
        this.endField();
        i += 1;
      } else if (c === "\n" || c === "\r") {
        this.endRow();
        i += 1;
        if (c === "\r") {
          if (i === n) this.crPending = true;
          else if (text[i] === "\n") i += 1;
        }
      } else if (c === '"' && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
        i += 1;
      } else {
        // Plain run up to the next special character; a stray quote mid-field is kept as text.
        let end = i + 1;
        while (end < n) {
          const d = text[end];
          if (d === "," || d === "\n" || d === "\r") break;
          end += 1;
        }
        this.field += text.slice(i, end);
        this.fieldStarted = true;
        i = end;
      }
    }
  }

  /** Completes the last row when the text ends without a line break. */
  end(): void {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.fieldStarted || this.field !== "" || this.row.length > 0) this.endRow();
    this.inQuotes = false;
  }

  /** Rows completed so far; `take` hands them over and forgets them. */
  get completed(): number {
    return this.rows.length;
  }

  take(): string[][] {
    return this.rows.splice(0, this.rows.length);
  }

  /** Fields in the row being read, and characters in the field being read: callers cap these. */
  get openRowFields(): number {
    return this.row.length;
  }

  get openFieldLength(): number {
    return this.field.length;
  }

  /** True while some text has been read that is not yet part of a completed row. */
  get partial(): boolean {
    return this.fieldStarted || this.field !== "" || this.row.length > 0;
  }

  private endField(): void {
    this.row.push(this.field);
    this.field = "";
    this.fieldStarted = false;
  }

  private endRow(): void {
    this.endField();
    const blank = this.row.length === 1 && this.row[0] === "";
    // Blank lines carry nothing; RFC 4180 does not allow them, and spreadsheets skip them too.
    if (!blank) this.rows.push(this.row);
    this.row = [];
  }
}

/** Parses a whole CSV text at once; for tests and small inputs. */
export function parseCsv(text: string): string[][] {
  const parser = new CsvParser();
  parser.push(text);
  parser.end();
  return parser.take();
}
