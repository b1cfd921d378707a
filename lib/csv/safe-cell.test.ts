import { describe, expect, it } from "vitest";
import { csvRow, csvSafeCell } from "./safe-cell";

describe("csvSafeCell", () => {
  it.each(['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])(
    "puts an apostrophe before a cell that a spreadsheet would run: %j",
    (value) => {
      expect(csvSafeCell(value)).toBe(`"'${value.replace(/"/g, '""')}"`);
    },
  );

  it("quotes plain text and doubles its quotes", () => {
    expect(csvSafeCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvSafeCell("line\nbreak")).toBe('"line\nbreak"');
  });

  it("leaves numbers bare, even negative ones, and empties nothing", () => {
    expect(csvSafeCell(-12)).toBe("-12");
    expect(csvSafeCell(3.5)).toBe("3.5");
    expect(csvSafeCell(Number.NaN)).toBe("");
    expect(csvSafeCell(null)).toBe("");
    expect(csvSafeCell(undefined)).toBe("");
  });

  it("builds CRLF-terminated rows of safe cells", () => {
    const line = csvRow(["=1+1", 'a "b"', 7, null]);
    expect(line.endsWith("\r\n")).toBe(true);
    expect(line).toBe(`"'=1+1","a ""b""",7,\r\n`);
  });
});
