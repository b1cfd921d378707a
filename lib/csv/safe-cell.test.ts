import { describe, expect, it } from "vitest";
import { csvRow, csvSafeCell } from "./safe-cell";

describe("csvSafeCell", () => {
  it("defuses every character OWASP lists at the start of a cell", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvSafeCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvSafeCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it("quotes plain text, doubles quotes and keeps separators and line breaks inside the cell", () => {
    expect(csvSafeCell("a,b")).toBe('"a,b"');
    expect(csvSafeCell('say "hi"\nthen')).toBe('"say ""hi""\nthen"');
    expect(csvSafeCell("mid=formula")).toBe('"mid=formula"');
  });

  it("writes numbers as numbers and nothing as an empty cell", () => {
    expect(csvSafeCell(-5)).toBe("-5");
    expect(csvSafeCell(Number.NaN)).toBe('""');
    expect(csvSafeCell(null)).toBe('""');
    expect(csvSafeCell(undefined)).toBe('""');
  });
});

describe("csvRow", () => {
  it("joins safe cells and ends the line with CRLF", () => {
    expect(csvRow(["a", 1, null, "-x"])).toBe('"a",1,"","\'-x"\r\n');
  });
});
