import { describe, expect, it } from "vitest";
import { hasControlCharacters, meshHeaderText } from "./mesh-header-text";

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
