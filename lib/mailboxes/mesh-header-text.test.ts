import { describe, expect, it } from "vitest";
import { hasControlCharacters, meshHeaderText, senderText } from "./mesh-header-text";

describe("meshHeaderText", () => {
  it("leaves Latin-1 text alone, accents and all", () => {
    expect(meshHeaderText("Résumé café 100%.pdf")).toBe("Résumé café 100%.pdf");
  });

  it("gives punctuation and accented letters outside Latin-1 their nearest plain form", () => {
    expect(meshHeaderText("Clinic list \u2013 \u201cMarch\u201d\u2026.csv")).toBe('Clinic list - "March"....csv');
    expect(meshHeaderText("Dvořák Łódź.txt")).toBe("Dvorák %C5%81ódz.txt");
  });

  it("percent-encodes what has no plain form, and then % too", () => {
    expect(meshHeaderText("報告 50%.pdf")).toBe("%E5%A0%B1%E5%91%8A 50%25.pdf");
    expect(meshHeaderText("scan 📄.png")).toBe("scan %F0%9F%93%84.png");
    expect(decodeURIComponent(meshHeaderText("報告 50%.pdf"))).toBe("報告 50%.pdf");
  });

  it("joins decomposed accents before deciding", () => {
    expect(meshHeaderText("Cafe\u0301.txt")).toBe("Café.txt");
  });

  it("finds control characters", () => {
    expect(hasControlCharacters("a\nb")).toBe(true);
    expect(hasControlCharacters("a\u0085b")).toBe(true);
    expect(hasControlCharacters("plain")).toBe(false);
  });
});

describe("senderText", () => {
  it("takes out C0 and C1 controls and DEL, and turns line breaks and tabs into spaces", () => {
    expect(senderText("a\u0000b\u0007c\u007fd\u0085e\u009bf.csv")).toBe("abcd ef.csv");
    expect(senderText("Results\r\nfor\tMarch")).toBe("Results  for March");
  });

  it("neutralises bidi overrides, isolates, marks and invisible formatting", () => {
    expect(senderText("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    for (const hidden of ["\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069", "\u061C"]) {
      expect(senderText(`a${hidden}b`)).toBe("ab");
    }
    expect(senderText("zero\u200Bwidth\uFEFF")).toBe("zerowidth");
  });

  it("decodes UTF-8 that travelled as Latin-1 back to what the sender meant", () => {
    expect(senderText("MÃ¼ller.csv")).toBe("Müller.csv");
    const asLatin1 = (text: string) => Buffer.from(text, "utf8").toString("latin1");
    expect(senderText(asLatin1("東京 report.pdf"))).toBe("東京 report.pdf");
    expect(senderText("scan \u00f0\u009f\u0093\u0084.png")).toBe("scan 📄.png");
  });

  it("decodes a bidi override written as UTF-8, then takes it out", () => {
    // U+202E as UTF-8 is E2 80 AE; read as Latin-1 that is "â", the C1 control U+0080 and "®".
    expect(senderText("invoice\u00e2\u0080\u00aefdp.exe")).toBe("invoicefdp.exe");
  });

  it("leaves genuine Latin-1 alone: bytes that are not UTF-8 are not decoded", () => {
    expect(senderText("Résumé café.pdf")).toBe("Résumé café.pdf");
    expect(senderText("Müller ß.csv")).toBe("Müller ß.csv");
    // Half a UTF-8 sequence: Ã alone is not UTF-8, so the C1 control is simply removed.
    expect(senderText("broken \u00c3\u0080x")).toBe("broken Àx");
  });

  it("leaves plain text alone and keeps null", () => {
    expect(senderText("REF-2026-001")).toBe("REF-2026-001");
    expect(senderText(null)).toBeNull();
    expect(senderText(undefined)).toBeNull();
  });

  it("is safe to apply to text that is already clean", () => {
    for (const shown of ["Müller.csv", "東京 report.pdf", "invoicefdp.exe"]) expect(senderText(shown)).toBe(shown);
  });
});
