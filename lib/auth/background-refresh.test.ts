import { describe, expect, it } from "vitest";
import { BACKGROUND_REFRESH_COOKIE, isBackgroundRender } from "./background-refresh";

const request = (headers: Record<string, string>) => new Headers(headers);
const marked = `authjs.session-token=abc; ${BACKGROUND_REFRESH_COOKIE}=1`;

describe("isBackgroundRender", () => {
  it("treats a marked fetch as the page refreshing itself", () => {
    expect(isBackgroundRender(request({ "sec-fetch-mode": "cors", cookie: marked }))).toBe(true);
    expect(isBackgroundRender(request({ cookie: `${BACKGROUND_REFRESH_COOKIE}=1` }))).toBe(true);
  });

  it("counts everything else as the person's activity", () => {
    // A page load, even with the mark left behind.
    expect(isBackgroundRender(request({ "sec-fetch-mode": "navigate", cookie: marked }))).toBe(false);
    // A server action is the person pressing a button.
    expect(isBackgroundRender(request({ "sec-fetch-mode": "cors", "next-action": "abc123", cookie: marked }))).toBe(false);
    // A fetch without the mark.
    expect(isBackgroundRender(request({ "sec-fetch-mode": "cors", cookie: "authjs.session-token=abc" }))).toBe(false);
    // Only the exact mark: not a cleared one, nor a longer name.
    expect(isBackgroundRender(request({ cookie: `${BACKGROUND_REFRESH_COOKIE}=` }))).toBe(false);
    expect(isBackgroundRender(request({ cookie: `x${BACKGROUND_REFRESH_COOKIE}=1` }))).toBe(false);
  });
});
