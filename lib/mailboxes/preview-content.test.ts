import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  CSV_PREVIEW_MAX_CELLS,
  CSV_PREVIEW_MAX_CELL_CHARS,
  CSV_PREVIEW_MAX_COLUMNS,
  JSON_PREVIEW_MAX_DEPTH,
  PREVIEW_MAX_OUTPUT_CHARS,
} from "./preview";
import { jsonShape, readCsvPreview, readJsonPreview, readTextPreview } from "./preview-content";

/** A stream that counts how many bytes were pulled from it, as the MESH download would be read. */
function source(text: string | Buffer, pieceSize = 1000) {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const stats = { pulled: 0 };
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += pieceSize) {
        const piece = bytes.subarray(i, i + pieceSize);
        stats.pulled += piece.length;
        yield piece;
      }
    })(),
    { objectMode: false, highWaterMark: 1 },
  );
  return { stream, stats };
}

const csvOf = (rows: number) =>
  ["id,name,note", ...Array.from({ length: rows }, (_, i) => `${i + 1},"Person ${i + 1}","a, b"`)].join("\r\n");

describe("readCsvPreview", () => {
  it("shows every row of a small file and says there is no more", async () => {
    const preview = await readCsvPreview(source(csvOf(3)).stream);
    expect(preview).toMatchObject({ header: ["id", "name", "note"], columns: 3, more: false });
    expect(preview.rows).toEqual([
      ["1", "Person 1", "a, b"],
      ["2", "Person 2", "a, b"],
      ["3", "Person 3", "a, b"],
    ]);
  });

  it("stops after the wanted rows and reads little of a large file", async () => {
    const { stream, stats } = source(csvOf(100_000)); // ~2.6 MB
    const preview = await readCsvPreview(stream, { maxRows: 200 });
    expect(preview.rows).toHaveLength(200);
    expect(preview.rows[199]?.[0]).toBe("200");
    expect(preview.more).toBe(true);
    expect(stats.pulled).toBeLessThan(20_000);
    expect(stream.destroyed).toBe(true);
  });

  it("knows a file of exactly the wanted rows has no more", async () => {
    expect((await readCsvPreview(source(`${csvOf(200)}\r\n`).stream, { maxRows: 200 })).more).toBe(false);
    expect((await readCsvPreview(source(csvOf(200)).stream, { maxRows: 200 })).more).toBe(false);
    expect((await readCsvPreview(source(csvOf(201)).stream, { maxRows: 200 })).more).toBe(true);
  });

  it("stops at the byte limit even inside one huge quoted field", async () => {
    const { stream, stats } = source(`a,b\n1,"${"x".repeat(1_000_000)}`, 64 * 1024);
    const preview = await readCsvPreview(stream, { maxBytes: 100_000 });
    expect(preview.more).toBe(true);
    expect(preview.rows).toEqual([]);
    expect(stats.pulled).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it("pads the column count to the widest row and keeps UTF-8 split across pieces", async () => {
    const preview = await readCsvPreview(source("name,town\nZoë,東京,extra\n", 5).stream);
    expect(preview.columns).toBe(3);
    expect(preview.rows).toEqual([["Zoë", "東京", "extra"]]);
  });
});

describe("readCsvPreview caps what it builds", () => {
  it("refuses a first line of two million commas after reading a little of it", async () => {
    const hostile = `${",".repeat(2_000_000)}\n${Array.from({ length: 200 }, (_, i) => `${i},x`).join("\n")}`;
    const { stream, stats } = source(hostile, 64 * 1024);
    const preview = await readCsvPreview(stream);
    expect(preview).toEqual({ header: [], rows: [], columns: 0, more: true, tooComplex: true });
    expect(stats.pulled).toBeLessThanOrEqual(128 * 1024);
  });

  it("refuses a cell longer than the cap, complete or still open", async () => {
    expect((await readCsvPreview(source(`a,b\n1,"${"x".repeat(CSV_PREVIEW_MAX_CELL_CHARS + 1)}"\n`).stream)).tooComplex).toBe(true);
    expect((await readCsvPreview(source(`a,b\n1,${"x".repeat(CSV_PREVIEW_MAX_CELL_CHARS)}\n`).stream)).tooComplex).toBe(false);
  });

  it("accepts a file exactly as wide as the cap and shows fewer rows to stay within the cells cap", async () => {
    const wide = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(",");
    const preview = await readCsvPreview(
      source([wide(CSV_PREVIEW_MAX_COLUMNS), ...Array.from({ length: 300 }, () => wide(CSV_PREVIEW_MAX_COLUMNS))].join("\n")).stream,
    );
    expect(preview.tooComplex).toBe(false);
    expect(preview.rows).toHaveLength(Math.floor(CSV_PREVIEW_MAX_CELLS / CSV_PREVIEW_MAX_COLUMNS) - 1);
    expect(preview.more).toBe(true);
    expect((await readCsvPreview(source(`${wide(CSV_PREVIEW_MAX_COLUMNS + 1)}\n1\n`).stream)).tooComplex).toBe(true);
  });

  it("stops adding rows once the table would pass the output cap", async () => {
    const cell = "y".repeat(CSV_PREVIEW_MAX_CELL_CHARS);
    const row = Array.from({ length: 10 }, () => cell).join(",");
    const preview = await readCsvPreview(source(["h", ...Array.from({ length: 30 }, () => row)].join("\n")).stream);
    expect(preview.rows.length).toBe(Math.floor((PREVIEW_MAX_OUTPUT_CHARS - "h".length) / (10 * CSV_PREVIEW_MAX_CELL_CHARS)));
    expect(preview.more).toBe(true);
  });
});

describe("readTextPreview", () => {
  it("reads a small file whole", async () => {
    expect(await readTextPreview(source("hello\nworld").stream)).toEqual({ text: "hello\nworld", more: false, looksBinary: false });
  });

  it("stops at the limit and says so, without splitting a character", async () => {
    const { stream, stats } = source("é".repeat(10_000), 4096);
    const preview = await readTextPreview(stream, 1001);
    expect(preview.more).toBe(true);
    expect(preview.text).toBe("é".repeat(500));
    expect(stats.pulled).toBeLessThanOrEqual(8192);
  });

  it("says there is no more when the file ends exactly at the limit", async () => {
    expect((await readTextPreview(source("x".repeat(2000)).stream, 2000)).more).toBe(false);
  });

  it("notices binary content", async () => {
    expect((await readTextPreview(source(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])).stream)).looksBinary).toBe(true);
  });
});

describe("readJsonPreview", () => {
  it("pretty-prints JSON and names a FHIR resource", async () => {
    const bundle = { resourceType: "Bundle", type: "document", entry: [{ resource: { resourceType: "Patient" } }] };
    const preview = await readJsonPreview(source(JSON.stringify(bundle)).stream);
    expect(preview).toEqual({
      valid: true,
      pretty: JSON.stringify(bundle, null, 2),
      resourceType: "Bundle",
      bundleType: "document",
      entries: 1,
    });
  });

  it("has no resource type for plain JSON", async () => {
    expect(await readJsonPreview(source("[1,2]").stream)).toMatchObject({ valid: true, resourceType: null });
  });

  it("says when the JSON is invalid and gives the text", async () => {
    expect(await readJsonPreview(source('{"a": 1,').stream)).toEqual({ valid: false, reason: "invalid", text: '{"a": 1,', more: false });
  });

  it("refuses JSON nested deeper than the cap without formatting it", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    expect(await readJsonPreview(source(deep).stream)).toEqual({ valid: false, reason: "too-complex", text: "", more: false });
    const atCap = `${"[".repeat(JSON_PREVIEW_MAX_DEPTH)}${"]".repeat(JSON_PREVIEW_MAX_DEPTH)}`;
    expect(await readJsonPreview(source(atCap).stream)).toMatchObject({ valid: true });
    expect(jsonShape('{"a": "[[[[", "b": [1, 2]}')).toEqual({ depth: 2, values: 5 });
  });

  it("shows JSON as sent when its formatted form would pass the output cap", async () => {
    const nested = (inner: string) => `${"[".repeat(40)}${inner}${"]".repeat(40)}`;
    const wide = nested(Array.from({ length: 30_000 }, () => "0").join(","));
    const preview = await readJsonPreview(source(wide).stream);
    expect(preview).toEqual({ valid: false, reason: "too-large", text: wide, more: false });
  });

  it("gives the start as text when the file is over the limit", async () => {
    const preview = await readJsonPreview(source(JSON.stringify({ a: "x".repeat(5000) })).stream, 1000);
    expect(preview).toMatchObject({ valid: false, reason: "too-large", more: true });
  });
});
