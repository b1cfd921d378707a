import { describe, expect, it } from "vitest";
import { formatDateTime, formatFileSize, formatTimeLeft } from "./format";

describe("formatDateTime", () => {
  it("uses UK time, summer and winter", () => {
    expect(formatDateTime(new Date("2026-03-09T14:05:00Z"))).toBe("9 March 2026 at 2:05pm");
    expect(formatDateTime(new Date("2026-07-01T08:30:00Z"))).toBe("1 July 2026 at 9:30am");
  });
});

describe("formatFileSize", () => {
  it.each([
    [0, "0 bytes"],
    [1, "1 byte"],
    [812, "812 bytes"],
    [1500, "1.5KB"],
    [23_400_000, "23MB"],
    [100_000_000, "100MB"],
    [null, "Not known"],
  ])("%s → %s", (bytes, text) => {
    expect(formatFileSize(bytes)).toBe(text);
  });
});

describe("formatTimeLeft", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it.each([
    [5 * 24 * 3600_000, "5 days"],
    [(4 * 24 + 3) * 3600_000, "4 days 3 hours"],
    [5 * 3600_000 + 60_000, "5 hours"],
    [20 * 60_000, "20 minutes"],
    [10_000, "1 minute"],
    [-1, "Expired"],
  ])("%s ms → %s", (ms, text) => {
    expect(formatTimeLeft(new Date(now.getTime() + ms), now)).toBe(text);
  });
});
