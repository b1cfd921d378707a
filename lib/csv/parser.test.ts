import { describe, expect, it } from "vitest";
import { CsvParser, parseCsv } from "./parser";

/** Feeds the text in pieces of `size` characters, as a network stream would. */
function parseInPieces(text: string, size: number): string[][] {
  const parser = new CsvParser();
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  parser.end();
  return parser.take();
}

describe("parseCsv", () => {
  it("reads plain rows with LF, CRLF and CR line ends", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(parseCsv("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parseCsv("a,b\r1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("keeps the last row without a final line break", () => {
    expect(parseCsv("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    const text = 'name,note\n"Shah, Priya","said ""hello""\nthen left"\n"",x\n';
    expect(parseCsv(text)).toEqual([
      ["name", "note"],
      ["Shah, Priya", 'said "hello"\nthen left'],
      ["", "x"],
    ]);
  });

  it("keeps empty fields, including trailing ones", () => {
    expect(parseCsv("a,,c,\n,,\n")).toEqual([
      ["a", "", "c", ""],
      ["", "", ""],
    ]);
  });

  it("skips blank lines", () => {
    expect(parseCsv("a\n\n\r\nb\n")).toEqual([["a"], ["b"]]);
  });

  it("is lenient with stray quotes and an unterminated quote", () => {
    expect(parseCsv('ab"c,d\n')).toEqual([['ab"c', "d"]]);
    expect(parseCsv('"ab"c,d\n')).toEqual([["abc", "d"]]);
    expect(parseCsv('x,"never closed\nstill going')).toEqual([["x", "never closed\nstill going"]]);
  });

  it("treats markup as text", () => {
    expect(parseCsv('<script>alert(1)</script>,"<img src=x onerror=alert(1)>"')).toEqual([
      ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"],
    ]);
  });

  it("gives the same rows however the text is split", () => {
    const text = 'h1,"h,2",h3\r\n"a ""quoted""\r\nvalue",b,\r\n"",,"x"\r\n\r\nlast,"row"';
    const whole = parseCsv(text);
    expect(whole).toHaveLength(4);
    for (let size = 1; size <= text.length; size++) expect(parseInPieces(text, size), `pieces of ${size}`).toEqual(whole);
  });

  it("hands over rows as soon as they are complete", () => {
    const parser = new CsvParser();
    parser.push("a,b\n1,");
    expect(parser.take()).toEqual([["a", "b"]]);
    expect(parser.partial).toBe(true);
    parser.push("2\n");
    expect(parser.completed).toBe(1);
    expect(parser.take()).toEqual([["1", "2"]]);
    expect(parser.partial).toBe(false);
  });

  it("parses a large file in linear time", () => {
    const line = '"quoted, with comma",plain,123,"multi\nline"\n';
    const text = line.repeat(50_000); // ~2.3 MB
    const started = performance.now();
    expect(parseInPieces(text, 65_536)).toHaveLength(50_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
