import { describe, expect, it } from "vitest";
import { routes } from "./routes";

describe("routes", () => {
  it("builds pages' addresses with ids encoded and empty query values left out", () => {
    expect(routes.inbox("Y90001OT")).toBe("/mailboxes/Y90001OT/inbox");
    expect(routes.inbox("Y90001OT", { q: "a b&c", workflow: undefined, page: 2 })).toBe("/mailboxes/Y90001OT/inbox?q=a+b%26c&page=2");
    expect(routes.message("Y90001OT", "A/B")).toBe("/mailboxes/Y90001OT/messages/A%2FB");
    expect(routes.preview("Y90001OT", "M1")).toBe("/mailboxes/Y90001OT/messages/M1/preview");
    expect(routes.signIn()).toBe("/sign-in");
    expect(routes.signIn({ returnTo: "/mailboxes/X/inbox?page=2", reason: "idle" })).toBe(
      "/sign-in?returnTo=%2Fmailboxes%2FX%2Finbox%3Fpage%3D2&reason=idle",
    );
  });

  it("keeps another site's address whole", () => {
    const url = new URL("https://idp.example/logout?id_token_hint=a.b.c&client_id=mailroom");
    expect(routes.external(url)).toBe(url.href);
  });
});
