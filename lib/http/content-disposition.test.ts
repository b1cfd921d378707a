import { describe, expect, it } from "vitest";
import { asciiFileName, attachmentDisposition, encodeRfc8187, inlineDisposition, safeFileName } from "./content-disposition";

/** What a browser would take from the header: the filename* value decoded, else the quoted one. */
function parse(header: string): { ascii: string; unicode?: string } {
  const ascii = /filename="([^"]*)"/.exec(header)?.[1] ?? "";
  const star = /filename\*=UTF-8''([^;\s]+)/.exec(header)?.[1];
  return { ascii, unicode: star === undefined ? undefined : decodeURIComponent(star) };
}

function expectHeaderSafe(header: string) {
  expect(header).toMatch(/^attachment; filename="/);
  expect(header).not.toMatch(/[\r\n]/);
  // Only printable ASCII may appear in a header value.
  expect(header).toMatch(/^[\x20-\x7e]+$/);
  const { ascii } = parse(header);
  expect(ascii).not.toMatch(/["\\/]/);
  expect(ascii).not.toMatch(/^\./);
  // Exactly one quoted filename parameter: nothing was injected after it.
  expect(header.match(/filename=/g)).toHaveLength(1);
}

describe("attachmentDisposition", () => {
  it("keeps a plain name as it is, without filename*", () => {
    expect(attachmentDisposition("referrals-2025.csv")).toBe('attachment; filename="referrals-2025.csv"');
  });

  it("replaces quotes and backslashes so the parameter cannot be closed early", () => {
    const header = attachmentDisposition('bad"; filename="evil.exe');
    expectHeaderSafe(header);
    expect(parse(header).ascii).toBe("bad_ filename_evil.exe");
  });

  it("removes CR/LF so no header can be injected", () => {
    const header = attachmentDisposition("report.csv\r\nSet-Cookie: a=b\r\n\r\n<script>");
    expectHeaderSafe(header);
    expect(parse(header).ascii).toBe("report.csvSet-Cookie_ a_b_script_");
  });

  it("renames the device names Windows refuses, whatever their case or extension", () => {
    for (const [given, saved] of [
      ["CON", "CON_"],
      ["nul.txt", "nul_.txt"],
      ["COM1.csv", "COM1_.csv"],
      ["lpt9", "lpt9_"],
      ["aux.tar.gz", "aux_.tar.gz"],
      ["console.csv", "console.csv"],
    ]) {
      expect(parse(attachmentDisposition(given)).ascii).toBe(saved);
    }
  });

  it("never lets a path escape: ../../etc/passwd", () => {
    const header = attachmentDisposition("../../etc/passwd");
    expectHeaderSafe(header);
    expect(parse(header).ascii).toBe("etc_passwd");
  });

  it("flattens a Windows path", () => {
    const header = attachmentDisposition("C:\\Windows\\x.bat");
    expectHeaderSafe(header);
    expect(parse(header).ascii).toBe("C_Windows_x.bat");
  });

  it("takes out a right-to-left override, so invoice‮fdp.exe shows as what it is", () => {
    const header = attachmentDisposition("invoice\u202Efdp.exe");
    expectHeaderSafe(header);
    expect(parse(header)).toEqual({ ascii: "invoicefdp.exe", unicode: undefined });
    for (const control of ["\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069", "\u061C"]) {
      expect(safeFileName(`a${control}b.txt`)).toBe("ab.txt");
    }
  });

  it("keeps non-Latin names in filename* and gives an ASCII fallback", () => {
    const header = attachmentDisposition("Résumé – 東京.pdf");
    expectHeaderSafe(header);
    const parsed = parse(header);
    expect(parsed.unicode).toBe("Résumé – 東京.pdf");
    expect(parsed.ascii).toBe("Resume _ _.pdf");
  });

  it("keeps emoji whole", () => {
    const header = attachmentDisposition("results 🧪✅.csv");
    expectHeaderSafe(header);
    expect(parse(header).unicode).toBe("results 🧪✅.csv");
    expect(parse(header).ascii).toBe("results _.csv");
  });

  it("gives a neutral ASCII name when nothing readable is left", () => {
    const header = attachmentDisposition("東京.pdf");
    expectHeaderSafe(header);
    expect(parse(header)).toEqual({ ascii: "download.pdf", unicode: "東京.pdf" });
  });

  it("shortens very long names but keeps the extension", () => {
    const name = `${"a".repeat(5000)}.pdf`;
    const header = attachmentDisposition(name);
    expectHeaderSafe(header);
    expect(header.length).toBeLessThan(400);
    expect(parse(header).ascii).toMatch(/^a+\.pdf$/);
    const emoji = safeFileName(`${"😀".repeat(400)}.txt`);
    expect(Array.from(emoji)).toHaveLength(150);
    expect(emoji.endsWith("😀.txt")).toBe(true);
  });

  it("falls back to download.bin for empty or meaningless names", () => {
    for (const name of ["", "   ", null, undefined, "...", "..", "/", "\\\\", "\u202E", "\r\n"]) {
      expect(attachmentDisposition(name)).toBe('attachment; filename="download.bin"');
    }
  });

  it("trims leading dots so the file is not hidden", () => {
    expect(parse(attachmentDisposition(".bashrc")).ascii).toBe("bashrc");
    expect(parse(attachmentDisposition("  ..hidden.txt")).ascii).toBe("hidden.txt");
  });

  it("drops trailing dots and spaces that Windows would remove", () => {
    expect(safeFileName("evil.exe. . ")).toBe("evil.exe");
  });

  it("replaces characters Windows forbids", () => {
    expect(safeFileName('a<b>c:d*e?f|g".txt')).toBe("a_b_c_d_e_f_g_.txt");
  });

  it("makes an inline header the same way", () => {
    expect(inlineDisposition("scan.pdf")).toBe('inline; filename="scan.pdf"');
  });
});

describe("encodeRfc8187", () => {
  it("percent-encodes UTF-8 bytes and the characters outside attr-char", () => {
    expect(encodeRfc8187("a b%c'd(e)*.pdf")).toBe("a%20b%25c%27d%28e%29%2A.pdf");
    expect(encodeRfc8187("é")).toBe("%C3%A9");
  });
});

describe("asciiFileName", () => {
  it("turns accented letters into plain ones", () => {
    expect(asciiFileName("Café_Überweisung.txt")).toBe("Cafe_Uberweisung.txt");
  });
});
