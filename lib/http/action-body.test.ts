import { describe, expect, it } from "vitest";
import { refuseMalformedActionCall } from "./action-body";

const call = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://localhost/x", {
    method: "POST",
    body,
    headers: { "next-action": "abc", "content-type": "text/plain;charset=UTF-8", ...headers },
  });

describe("a server action's body", () => {
  it("lets JSON through and refuses anything else with a 400", async () => {
    expect(await refuseMalformedActionCall(call('["Y90001OT",{"a":1}]'))).toBeNull();
    expect((await refuseMalformedActionCall(call("{{{{")))?.status).toBe(400);
    expect((await refuseMalformedActionCall(call(`"${"x".repeat(1_000_001)}"`)))?.status).toBe(400);
  });

  it("leaves forms and requests that are not action calls alone", async () => {
    expect(await refuseMalformedActionCall(call("{{{{", { "content-type": "multipart/form-data; boundary=b" }))).toBeNull();
    expect(await refuseMalformedActionCall(new Request("http://localhost/x", { method: "POST", body: "{{{{" }))).toBeNull();
  });
});
