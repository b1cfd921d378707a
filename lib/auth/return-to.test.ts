import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-to";

describe("safeReturnPath", () => {
  it("keeps same-origin paths with their query", () => {
    expect(safeReturnPath("/mailboxes/Y90001OT/inbox?page=2")).toBe("/mailboxes/Y90001OT/inbox?page=2");
  });

  it.each([
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "/%0d%0aSet-Cookie:x=y".replace("%0d%0a", "\r\n"),
    "/\tevil",
    "evil.example",
    "",
  ])("refuses %j", (input) => {
    expect(safeReturnPath(input)).toBe("/mailboxes");
  });

  it("refuses things that are not strings", () => {
    expect(safeReturnPath(undefined)).toBe("/mailboxes");
    expect(safeReturnPath(["/a"])).toBe("/mailboxes");
  });
});
