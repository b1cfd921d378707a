import { describe, expect, it } from "vitest";
import { NOT_PREVIEWED_REASON, previewKind } from "./preview";

describe("previewKind", () => {
  it("goes by the declared type first", () => {
    expect(previewKind("text/csv", "x.bin")).toBe("csv");
    expect(previewKind("text/csv; charset=utf-8", null)).toBe("csv");
    expect(previewKind("TEXT/PLAIN", undefined)).toBe("text");
    expect(previewKind("application/json", "a.txt")).toBe("json");
    expect(previewKind("application/fhir+json; fhirVersion=4.0", "bundle")).toBe("json");
    expect(previewKind("application/pdf", "scan")).toBe("pdf");
  });

  it("falls back to the extension when the type says nothing useful", () => {
    expect(previewKind("application/octet-stream", "referrals.CSV")).toBe("csv");
    expect(previewKind(null, "notes.txt")).toBe("text");
    expect(previewKind("", "bundle.json")).toBe("json");
    expect(previewKind("application/vnd.ms-excel", "export.csv")).toBe("csv");
    expect(previewKind(undefined, "letter.pdf")).toBe("pdf");
    expect(previewKind(undefined, "message.hl7")).toBe("text");
  });

  it("offers no preview for other files", () => {
    expect(previewKind("application/octet-stream", "setup.exe")).toBeNull();
    expect(previewKind("text/html", "page.html")).toBeNull();
    expect(previewKind("image/svg+xml", "logo.svg")).toBeNull();
    expect(previewKind("application/zip", "bundle.zip")).toBeNull();
    expect(previewKind(null, null)).toBeNull();
    expect(previewKind(null, "no-extension")).toBeNull();
    expect(previewKind(null, "invoice\u202Efdp.exe")).toBeNull();
  });

  it("explains why in a plain sentence", () => {
    expect(NOT_PREVIEWED_REASON).toMatch(/^Mailroom can only show a preview of CSV, plain text, JSON/);
  });
});
