import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailbox, type RunningMailbox } from "../testing/spawn-mailbox";
import { Caller, request } from "./helpers";

let mb: RunningMailbox;
let cfgDir: string;
const base = () => mb.url;
const ids = ["SENDA", "SENDB", "RECVB", "RECVC", "OLDRECV", "NEWRECV", "AUDIT1", "AUDIT2"];
const who = (id: string, v: 1 | 2 = 2) => new Caller(base, id, v, `pw-${id}`);

beforeAll(async () => {
  const dir = (cfgDir = mkdtempSync(path.join(tmpdir(), "mailbox-cfg-")));
  const mailboxes = path.join(dir, "mailboxes.jsonl");
  writeFileSync(
    mailboxes,
    ids
      .map((id) =>
        JSON.stringify({
          mailbox_id: id,
          mailbox_name: `Box ${id}`,
          ods_code: "X99",
          org_code: "X99",
          org_name: "Test org",
          password: `pw-${id}`,
          active: true,
        }),
      )
      .join("\n"),
  );
  const workflows = path.join(dir, "workflows.jsonl");
  writeFileSync(workflows, JSON.stringify({ workflow_id: "FLOW1", senders: ["SENDA"], receivers: ["RECVB"] }) + "\n");
  const rules = path.join(dir, "rules.jsonl");
  writeFileSync(
    rules,
    [
      { cc_to_mailbox_id: "AUDIT1", cc_if_sender: "SENDA", workflow_id: "FLOW1" },
      { cc_to_mailbox_id: "AUDIT2", cc_if_recipient: "RECVB" },
      { cc_to_mailbox_id: "AUDIT2", cc_if_recipient: "OLDRECV" },
      { redirect_to_mailbox_id: "NEWRECV", redirect_if_recipient: "OLDRECV" },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n"),
  );
  mb = await startMailbox({
    env: {
      MAILBOX_MAILBOXES_FILE: mailboxes,
      MAILBOX_WORKFLOWS_FILE: workflows,
      MAILBOX_RULES_FILE: rules,
      MAILBOX_TEST_CLOCK: "1",
      MAILBOX_ADMIN: "1",
      MAILBOX_SWEEP_INTERVAL_MS: "0",
      MAILBOX_UPLOAD_TIMEOUT_MS: String(3600_000),
    },
  });
});
afterAll(async () => {
  await mb?.stop();
  if (cfgDir) rmSync(cfgDir, { recursive: true, force: true });
});

const advance = async (ms: number) =>
  (
    await request(`${base()}/admin/test/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ advance_ms: ms }),
    })
  ).json();
const DAY = 86_400_000;

describe("configuration files", () => {
  it("uses the configured mailboxes and workflows instead of the defaults", async () => {
    expect((await request(`${base()}/admin/mailbox/X26ABC1`)).status).toBe(404);
    expect((await request(`${base()}/admin/mailbox/SENDA`)).json()).toMatchObject({ mailbox_name: "Box SENDA", ods_code: "X99" });
    expect((await request(`${base()}/messageexchange/endpointlookup/X99/FLOW1`)).json()).toMatchObject({ results: [{ address: "RECVB" }] });
  });
});

describe("delivery rules (CC and redirect)", () => {
  it("delivers a copy per matching CC rule, each with its own id, and the original still arrives", async () => {
    const id = await who("SENDA").send("RECVB", "cc me", { "mex-localid": "cc-1" }, "FLOW1");
    expect(await who("RECVB").inbox()).toEqual([id]);
    const [c1] = await who("AUDIT1").inbox();
    const [c2] = await who("AUDIT2").inbox();
    expect(c1).toBeDefined();
    expect(c2).toBeDefined();
    expect(new Set([id, c1, c2]).size).toBe(3);
    const copy = await who("AUDIT1").call("GET", `/inbox/${c1}`);
    expect(copy.body.toString()).toBe("cc me");
    expect(copy.headers).toMatchObject({ "mex-from": "SENDA", "mex-to": "RECVB", "mex-messageid": c1, "mex-localid": "cc-1" });
    const tr = (await who("SENDA").call("GET", `/outbox/tracking?messageID=${id}`)).json<{
      copies: { message_id: string; recipient: string }[];
    }>();
    expect(tr.copies.map((c) => c.recipient).sort()).toEqual(["AUDIT1", "AUDIT2"]);
    const v1 = (await who("SENDA", 1).call("GET", `/outbox/tracking?messageID=${id}`)).json<{ copies: { messageId: string }[] }>();
    expect(v1.copies.map((c) => c.messageId).sort()).toEqual([c1, c2].sort());
    // Invisible to the sender: its outbox shows one message and copies cannot be tracked directly.
    const out = (await who("SENDA").call("GET", "/outbox/rich")).json<{ messages: { message_id: string }[] }>();
    expect(out.messages.map((m) => m.message_id)).toEqual([id]);
    expect((await who("SENDA").call("GET", `/outbox/tracking?messageID=${c1}`)).status).toBe(404);
    // A different sender and workflow match only the recipient rule.
    const id2 = await who("SENDB").send("RECVB", "only audit2", {}, "OTHER");
    expect(await who("AUDIT1").inbox()).toEqual([c1]);
    expect((await who("AUDIT2").inbox()).length).toBe(2);
    for (const [box, m] of [
      ["RECVB", id],
      ["RECVB", id2],
      ["AUDIT1", c1!],
    ] as const)
      expect((await who(box).ack(m)).status).toBe(200);
    for (const m of await who("AUDIT2").inbox()) await who("AUDIT2").ack(m);
  });

  it("redirects to the new recipient only, and redirect wins over CC", async () => {
    const id = await who("SENDA").send("OLDRECV", "redirect me", {}, "FLOW2");
    expect(await who("OLDRECV").inbox()).toEqual([]);
    expect(await who("NEWRECV").inbox()).toEqual([id]);
    expect(await who("AUDIT2").inbox()).toEqual([]);
    expect((await who("NEWRECV").call("GET", `/inbox/${id}`)).body.toString()).toBe("redirect me");
    expect((await who("OLDRECV").call("GET", `/inbox/${id}`)).status).toBe(403);
    const tr = (await who("SENDA").call("GET", `/outbox/tracking?messageID=${id}`)).json();
    expect(tr).toMatchObject({ recipient: "OLDRECV", redirected_to: "NEWRECV", status: "accepted" });
    await who("NEWRECV").ack(id);
  });

  it("applies the rules when the last chunk of a chunked message lands", async () => {
    const a = who("SENDA");
    const first = await a.call("POST", "/outbox", {
      headers: { "mex-to": "RECVB", "mex-workflowid": "FLOW1", "mex-chunk-range": "1:2" },
      body: "part1-",
    });
    const id = first.json().message_id as string;
    expect(await who("AUDIT1").inbox()).toEqual([]);
    expect((await a.call("POST", `/outbox/${id}/2`, { headers: { "mex-chunk-range": "2:2" }, body: "part2" })).status).toBe(202);
    const [copy] = await who("AUDIT1").inbox();
    const p1 = await who("AUDIT1").call("GET", `/inbox/${copy}`);
    const p2 = await who("AUDIT1").call("GET", `/inbox/${copy}/2`);
    expect(p1.status).toBe(206);
    expect(Buffer.concat([p1.body, p2.body]).toString()).toBe("part1-part2");
    for (const box of ["RECVB", "AUDIT1", "AUDIT2"]) for (const m of await who(box).inbox()) await who(box).ack(m);
  });
});

describe("lifecycle with a moved clock", () => {
  it("cleans up an abandoned chunked upload after the configured time", async () => {
    const a = who("SENDB");
    const first = await a.call("POST", "/outbox", {
      headers: { "mex-to": "RECVC", "mex-workflowid": "FLOW3", "mex-chunk-range": "1:2" },
      body: "orphan",
    });
    const id = first.json().message_id as string;
    const files = () =>
      readdirSync(path.join(mb.dataDir, "messages"), { recursive: true })
        .map(String)
        .filter((f) => f.includes(id));
    expect(files()).toHaveLength(1);
    await advance(2 * 3600_000);
    expect((await a.call("POST", `/outbox/${id}/2`, { headers: { "mex-chunk-range": "2:2" }, body: "late" })).status).toBe(404);
    expect(files()).toHaveLength(0);
  });

  it("expires unacknowledged messages after 5 days with an NDR (code 14) to the sender, then deletes after 30", async () => {
    const a = who("SENDB");
    const c = who("RECVC");
    const id = await a.send("RECVC", "never collected", { "mex-localid": "ndr-1", "mex-subject": "Results" }, "FLOW3");
    const acked = await a.send("RECVC", "collected", {}, "FLOW3");
    await c.ack(acked);
    await advance(4 * DAY);
    expect(await c.inbox()).toEqual([id]);
    const swept = await advance(DAY + 60_000);
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect(await c.inbox()).toEqual([]);
    expect((await c.call("GET", `/inbox/${id}`)).status).toBe(410);
    const tr = (await a.call("GET", `/outbox/tracking?messageID=${id}`)).json();
    expect(tr).toMatchObject({ status: "undeliverable", status_success: false, status_code: "14" });
    const [reportId] = await a.inbox();
    const rep = await a.call("GET", `/inbox/${reportId}`);
    expect(rep.status).toBe(200);
    expect(rep.body.length).toBe(0);
    expect(rep.headers).toMatchObject({
      "mex-messagetype": "REPORT",
      "mex-statuscode": "14",
      "mex-statussuccess": "ERROR",
      "mex-linkedmsgid": id,
      "mex-localid": "ndr-1",
      "mex-subject": "Results",
      "mex-workflowid": "FLOW3",
      "mex-to": "SENDB",
    });
    await a.ack(reportId!);
    await advance(26 * DAY);
    expect((await a.call("GET", `/outbox/tracking?messageID=${id}`)).status).toBe(404);
    expect((await a.call("GET", `/outbox/tracking?messageID=${acked}`)).status).toBe(404);
    expect((await request(`${base()}/admin/message/${id}`)).status).toBe(404);
  });
});
