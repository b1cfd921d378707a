import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin";

const app = "http://localhost:3000";
const check = (init: Record<string, string>) => isSameOriginRequest(new Headers(init), app);

describe("isSameOriginRequest", () => {
  it("believes Sec-Fetch-Site first", () => {
    expect(check({ "sec-fetch-site": "same-origin" })).toBe(true);
    expect(check({ "sec-fetch-site": "same-site", origin: app })).toBe(false);
    expect(check({ "sec-fetch-site": "cross-site" })).toBe(false);
    expect(check({ "sec-fetch-site": "none" })).toBe(false);
  });

  it("falls back to Origin, and lets programs without either through", () => {
    expect(check({ origin: "http://localhost:3000" })).toBe(true);
    expect(check({ origin: "https://evil.example" })).toBe(false);
    expect(check({ origin: "null" })).toBe(false);
    expect(check({})).toBe(true);
  });
});
