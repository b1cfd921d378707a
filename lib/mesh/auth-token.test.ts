import { describe, expect, it } from "vitest";
import { buildAuthToken, formatTokenTimestamp, freshAuthToken } from "./auth-token";

// A vector's yyyyMMddHHmm as a time with seconds, which the token must leave out.
const at = (ts: string) =>
  new Date(Date.UTC(+ts.slice(0, 4), +ts.slice(4, 6) - 1, +ts.slice(6, 8), +ts.slice(8, 10), +ts.slice(10, 12), 37));

describe("buildAuthToken", () => {
  it("matches test vector A", () => {
    expect(buildAuthToken("X26ABC1", "password", "TestKey", "4f0b6e0e-1c2a-4d3b-9e8f-0123456789ab", 0, at("202403111124"))).toBe(
      "NHSMESH X26ABC1:4f0b6e0e-1c2a-4d3b-9e8f-0123456789ab:0:202403111124:c12b786ce0b022cb73d4b4c29af574440421526c0bd56505f8ec3283f9c25c76",
    );
  });

  it("matches test vector B (nonce count 1)", () => {
    const token = buildAuthToken("X26ABC1", "password", "TestKey", "4f0b6e0e-1c2a-4d3b-9e8f-0123456789ab", 1, at("202403111124"));
    expect(token.endsWith(":1:202403111124:7339fc7cfed6de099c01ce9ee44177310ae93fe6dd0e73eb1579834e609c71c8")).toBe(true);
  });

  it("matches test vector C", () => {
    const token = buildAuthToken("X26ABC2", "s3cr3t-Pw", "TestKey", "5d2c8f4a-7b1e-4c9d-a3f0-fedcba987654", 7, at("203001021304"));
    expect(token).toBe(
      "NHSMESH X26ABC2:5d2c8f4a-7b1e-4c9d-a3f0-fedcba987654:7:203001021304:2de898fd89c02e35ab0c69812dd9e8c9598052241be89eb9fcfbbb6a1fbffe18",
    );
  });

  it("puts the mailbox id in upper case, as the token must carry it", () => {
    const lower = buildAuthToken("x26abc1", "password", "TestKey", "4f0b6e0e-1c2a-4d3b-9e8f-0123456789ab", 0, at("202403111124"));
    expect(lower).toContain("NHSMESH X26ABC1:");
    expect(lower).toContain(":c12b786ce0b022cb73d4b4c29af574440421526c0bd56505f8ec3283f9c25c76");
  });
});

describe("formatTokenTimestamp", () => {
  it("uses UTC, a 24-hour clock and zero padding", () => {
    expect(formatTokenTimestamp(new Date("2020-05-04T13:05:59Z"))).toBe("202005041305");
    expect(formatTokenTimestamp(new Date("2024-01-02T03:04:00+05:00"))).toBe("202401012204");
  });
});

describe("freshAuthToken", () => {
  it("uses a new nonce for every request and never reveals the password", () => {
    const a = freshAuthToken("X26ABC1", "password", "TestKey");
    const b = freshAuthToken("X26ABC1", "password", "TestKey");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^NHSMESH X26ABC1:[0-9a-f-]{36}:0:\d{12}:[0-9a-f]{64}$/);
    expect(a).not.toContain("password");
  });
});
