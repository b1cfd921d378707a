import { describe, expect, it } from "vitest";
import { OffsetClock, systemClock } from "../clock";
import type { App } from "../context";
import { allowsMethod, matchRoute } from "../router";
import { ROUTES } from "../routes";

function appWith(config: { adminEnabled: boolean; testClock: boolean }, clock = systemClock): App {
  return { config, clock } as unknown as App;
}

const adminOn = appWith({ adminEnabled: true, testClock: false });

function resolve(app: App, method: string, path: string) {
  const match = matchRoute(ROUTES, app, path.split("/").filter(Boolean));
  if (!match) return "404";
  if (!allowsMethod(match.route, method)) return "405";
  return { path: match.route.path, params: match.params, mailboxScoped: match.route.mailboxScoped };
}

describe("the route table", () => {
  it("reads ids decoded, trimmed and upper-cased, and leaves raw parameters as sent", () => {
    expect(resolve(adminOn, "GET", "/messageexchange/x26abc1/inbox/%2020200529_ab%20/2")).toEqual({
      path: "/messageexchange/{mailbox:id}/inbox/{messageId:id}/{chunk}",
      params: { mailbox: "X26ABC1", messageId: "20200529_AB", chunk: "2" },
      mailboxScoped: true,
    });
    expect(resolve(adminOn, "GET", "/messageexchange/endpointlookup/y90001/WF%20A")).toMatchObject({
      params: { ods: "y90001", workflowId: "WF%20A" },
      mailboxScoped: false,
    });
  });

  it("takes the first path that fits, so a wrong method there is a 405, not another route", () => {
    expect(resolve(adminOn, "GET", "/messageexchange/X26ABC1/inbox/rich")).toMatchObject({
      path: "/messageexchange/{mailbox:id}/inbox/rich",
    });
    expect(resolve(adminOn, "HEAD", "/messageexchange/X26ABC1/inbox/rich")).toBe("405");
    expect(resolve(adminOn, "POST", "/messageexchange/X26ABC1/outbox/tracking")).toBe("405");
    expect(resolve(adminOn, "GET", "/messageexchange/X26ABC1/outbox/a/b/c")).toBe("404");
  });

  it("keeps everything below /messageexchange/admin for the admin endpoints while they are on", () => {
    expect(resolve(adminOn, "GET", "/messageexchange/admin/inbox")).toMatchObject({ path: "/messageexchange/admin/**" });
    const adminOff = appWith({ adminEnabled: false, testClock: false });
    expect(resolve(adminOff, "GET", "/messageexchange/admin/inbox")).toMatchObject({ params: { mailbox: "ADMIN" }, mailboxScoped: true });
    expect(resolve(adminOff, "DELETE", "/admin/reset")).toBe("404");
  });

  it("offers the test clock only with MAILBOX_TEST_CLOCK and a movable clock", () => {
    const testing = appWith({ adminEnabled: true, testClock: true }, new OffsetClock());
    expect(resolve(testing, "POST", "/admin/test/clock")).toMatchObject({ path: "/admin/test/clock" });
    expect(resolve(appWith({ adminEnabled: true, testClock: true }), "POST", "/admin/test/clock")).toBe("404");
    expect(resolve(adminOn, "POST", "/messageexchange/admin/test/sweep")).toMatchObject({ path: "/messageexchange/admin/**" });
  });
});
