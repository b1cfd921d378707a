import { describe, expect, it } from "vitest";
import { hasUnsafeCharacters, isDecodablePath, pathText, printable, queryText } from "./url-text";

describe("text from URLs", () => {
  it("finds C0 and C1 controls and unpaired surrogates, and nothing else", () => {
    for (const bad of ["a\u0000b", "line\nbreak", "tab\t", "\u0085", "\u009f", "\ud800", "x\udc00"])
      expect(hasUnsafeCharacters(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ["Y90001OT", "Zoë 東京", "😀", "a b"]) expect(hasUnsafeCharacters(good), good).toBe(false);
  });

  it("takes a path id as Next decoded it: trimmed, or null when unsafe or too long", () => {
    expect(pathText(" y90001ot ")).toBe("y90001ot");
    expect(pathText("%E0%A4%A")).toBe("%E0%A4%A"); // never decoded a second time
    expect(pathText("\u0000")).toBeNull();
    expect(pathText("x".repeat(101))).toBeNull();
  });

  it("shows unsafe characters as U+FFFD in what it records", () => {
    expect(printable("a\u0000b\ud800", 10)).toBe("a\ufffdb\ufffd");
    expect(printable("x".repeat(200))).toHaveLength(100);
  });

  it("cleans a search query, and drops one that is empty, too long or repeated", () => {
    const q = queryText(10);
    expect(q.parse("  a\u0000b \r\n c ")).toBe("a b c");
    expect(q.parse("\u0000")).toBeUndefined();
    expect(q.parse("x".repeat(11))).toBeUndefined();
    expect(q.parse(["a", "b"])).toBeUndefined();
    expect(q.parse(undefined)).toBeUndefined();
  });

  it("tells a path Next can decode from one it cannot", () => {
    expect(isDecodablePath("/mailboxes/Y90001OT/messages/A%20B")).toBe(true);
    for (const bad of ["/%", "/%E0%A4%A", "/a%zz", "/%C0%AF"]) expect(isDecodablePath(bad), bad).toBe(false);
  });
});
