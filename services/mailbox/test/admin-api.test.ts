import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailbox, type RunningMailbox } from "../testing/spawn-mailbox";
import { Caller, request } from "./helpers";

// `plain` is the server as `npm start` runs it; `rig` is a test rig with the admin API turned on.
let plain: RunningMailbox;
let rig: RunningMailbox;
const rigUrl = () => rig.url;
const json = { "content-type": "application/json" };

beforeAll(async () => {
  [plain, rig] = await Promise.all([
    startMailbox({ env: { MAILBOX_SWEEP_INTERVAL_MS: "0", MAILBOX_TEST_CLOCK: "1" } }),
    startMailbox({ env: { MAILBOX_SWEEP_INTERVAL_MS: "0", MAILBOX_ADMIN: "1" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain?.stop(), rig?.stop()]);
});

const report = (body: Record<string, unknown>, headers: Record<string, string> = json) =>
  request(`${rigUrl()}/messageexchange/admin/report`, { method: "POST", headers, body: JSON.stringify(body) });
const REPORT = { mailbox_id: "X26ABC1", code: "14", description: "not collected", workflow_id: "TEST_WORKFLOW" };

describe("the admin API is for test rigs", () => {
  it("is absent by default: every admin path is a 404, test clock included", async () => {
    const paths: [string, string][] = [
      ["DELETE", "/admin/reset"],
      ["DELETE", "/messageexchange/admin/reset/X26ABC1"],
      ["POST", "/messageexchange/admin/report"],
      ["POST", "/admin/message/ABC/event"],
      ["GET", "/admin/message/ABC"],
      ["GET", "/admin/mailbox/X26ABC1"],
      ["GET", "/messageexchange/admin/mailbox/X26ABC1"],
      ["GET", "/messageexchange/mailbox/X26ABC1"],
      ["POST", "/admin/test/clock"],
    ];
    for (const [method, path] of paths) {
      const r = await request(`${plain.url}${path}`, {
        method,
        headers: json,
        body: method === "POST" ? JSON.stringify(REPORT) : undefined,
      });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect(await new Caller(() => plain.url, "X26ABC1").inbox()).toEqual([]);
  });

  it("refuses a request whose Host is not the server's own (DNS rebinding)", async () => {
    for (const host of ["evil.example", "evil.example:8700", "127.0.0.1.evil.example"]) {
      const r = await request(`${rigUrl()}/admin/mailbox/X26ABC1`, { headers: { host } });
      expect(r.status, host).toBe(403);
    }
    const reset = await request(`${rigUrl()}/admin/reset`, { method: "DELETE", headers: { host: "evil.example" } });
    expect(reset.status).toBe(403);
    for (const host of [`localhost:${rig.port}`, `127.0.0.1:${rig.port}`, `[::1]:${rig.port}`]) {
      expect((await request(`${rigUrl()}/admin/mailbox/X26ABC1`, { headers: { host } })).status, host).toBe(200);
    }
  });

  it("takes a body only as application/json", async () => {
    for (const type of [undefined, "text/plain", "application/x-www-form-urlencoded"]) {
      const r = await report(REPORT, type ? { "content-type": type } : {});
      expect(r.status, String(type)).toBe(415);
    }
    expect((await report(REPORT, { "content-type": "application/json; charset=utf-8" })).status).toBe(200);
  });

  it("validates report and event fields as mex-* headers are validated", async () => {
    const hostile = ["bad\r\nx-injected: 1.csv", "nul\u0000.csv", "del\u007f.csv", "snowman-\u2603.csv", "x".repeat(301)];
    for (const file_name of hostile) {
      const r = await report({ ...REPORT, file_name });
      expect(r.status, JSON.stringify(file_name)).toBe(400);
      expect(r.json<{ detail: { loc: string[] }[] }>().detail[0]!.loc).toEqual(["body", "file_name"]);
    }
    expect((await report({ ...REPORT, subject: "a\nb" })).status).toBe(400);
    expect((await report({ ...REPORT, status: "exploded" })).status).toBe(400);
    const ok = await report({ ...REPORT, file_name: "café-résumé.csv" });
    expect(ok.status).toBe(200);
    const id = ok.json().message_id as string;
    const head = await new Caller(rigUrl, "X26ABC1").call("HEAD", `/inbox/${id}`);
    expect(head.status).toBe(200);
    expect(head.headers["mex-filename"]).toBe("café-résumé.csv");
    const event = (body: Record<string, unknown>) =>
      request(`${rigUrl()}/admin/message/${id}/event`, { method: "POST", headers: json, body: JSON.stringify(body) });
    expect((await event({ status: "error", description: "line\r\nbreak" })).status).toBe(400);
    expect((await event({ status: "error", code: "\u2603" })).status).toBe(400);
  });
});

describe("admin behaviour matching mesh-sandbox", () => {
  const a = new Caller(rigUrl, "X26ABC1");
  const b = new Caller(rigUrl, "X26ABC2");

  it("resets one mailbox only: what it sent stays in the other mailbox, listed, downloadable and counted", async () => {
    const sent = await b.send("X26ABC1", "from B, stays");
    const own = await a.send("X26ABC2", "to B, goes");
    expect((await request(`${rigUrl()}/admin/reset/X26ABC2`, { method: "DELETE" })).status).toBe(200);
    expect(await b.inbox()).not.toContain(own);
    expect(await a.inbox()).toContain(sent);
    const dl = await a.call("GET", `/inbox/${sent}`);
    expect(dl.status).toBe(200);
    expect(dl.body.toString()).toBe("from B, stays");
    const count = (await a.call("GET", "/count")).json<{ count: number }>().count;
    expect(count).toBe((await a.inbox()).length);
    await a.ack(sent);
  });

  it("keeps a linked message id exactly as given, lower case included", async () => {
    const linked = "20260101120000000000_abcdef";
    const id = (await report({ ...REPORT, linked_message_id: linked })).json().message_id as string;
    expect((await a.call("HEAD", `/inbox/${id}`)).headers["mex-linkedmsgid"]).toBe(linked);
    expect((await request(`${rigUrl()}/admin/message/${id}`)).json()).toMatchObject({ linked_msg_id: linked });
    const tracked = await request(`${rigUrl()}/messageexchange/admin/message/${id}`);
    expect(tracked.json<{ events: { linked_message_id?: string }[] }>().events[0]!.linked_message_id).toBe(linked);
    await a.ack(id);
  });

  it("gives exactly mesh-sandbox's seven mailbox fields, with no organisation name for its own mailboxes", async () => {
    for (const path of ["/admin/mailbox/X26ABC1", "/messageexchange/admin/mailbox/X26ABC1", "/messageexchange/mailbox/X26ABC1"]) {
      expect((await request(`${rigUrl()}${path}`)).json(), path).toEqual({
        mailbox_id: "X26ABC1",
        mailbox_name: "TESTMB1",
        billing_entity: "England",
        ods_code: "X26",
        org_code: "X26",
        org_name: "",
        active: true,
      });
    }
    expect((await request(`${rigUrl()}/admin/mailbox/Y90001OT`)).json()).toMatchObject({ org_name: "Riverside Medical Practice" });
  });

  it("gives an optional text field that was not set as the empty string in the message view", async () => {
    const id = await a.send("X26ABC2", "bare");
    for (const path of [`/admin/message/${id}`, `/messageexchange/admin/message/${id}`]) {
      const view = (await request(`${rigUrl()}${path}`)).json<Record<string, unknown>>();
      expect(view, path).toMatchObject({
        local_id: "",
        subject: "",
        checksum: "",
        content_encoding: "",
        linked_msg_id: "",
        partner_id: "",
      });
      expect(view.download_timestamp).toBeNull();
      expect(
        Object.entries(view)
          .filter(([, v]) => v === null)
          .map(([k]) => k)
          .sort(),
      ).toEqual(["download_timestamp", "failure_date"]);
    }
    await b.ack(id);
  });

  it("answers a HEAD of a whole chunked message with 200, and a GET of its first chunk with 206", async () => {
    const first = await a.call("POST", "/outbox", {
      headers: {
        "mex-to": "X26ABC2",
        "mex-workflowid": "TEST_WORKFLOW",
        "mex-chunk-range": "1:2",
        "content-type": "application/octet-stream",
      },
      body: "one-",
    });
    const id = first.json().message_id as string;
    expect((await a.call("POST", `/outbox/${id}/2`, { headers: { "mex-chunk-range": "2:2" }, body: "two" })).status).toBe(202);
    const head = await b.call("HEAD", `/inbox/${id}`);
    expect(head.status).toBe(200);
    expect(head.headers["mex-chunk-range"]).toBe("1:2");
    expect((await b.call("GET", `/inbox/${id}`)).status).toBe(206);
    expect((await b.call("GET", `/inbox/${id}/2`)).status).toBe(200);
    await b.ack(id);
  });
});
