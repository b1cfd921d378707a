import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailbox, type RunningMailbox } from "../testing/spawn-mailbox";
import { meshToken } from "../testing/mesh-token";
import { Caller, request } from "./helpers";

// The read-only configuration endpoint behind the web app's mailbox settings page, over HTTP.
let mb: RunningMailbox;
let cfgDir: string;
const base = () => mb.url;
const who = (id: string) => new Caller(base, id, 2, `pw-${id}`);
const lines = (items: object[]) => items.map((item) => JSON.stringify(item)).join("\n");

beforeAll(async () => {
  const dir = (cfgDir = mkdtempSync(path.join(tmpdir(), "mailbox-configuration-")));
  const box = (id: string, workflows?: string[]) => ({
    mailbox_id: id,
    mailbox_name: `Box ${id}`,
    ods_code: "X99",
    password: `pw-${id}`,
    workflows,
  });
  writeFileSync(
    path.join(dir, "mailboxes.jsonl"),
    lines([box("PRACTICE", ["FLOW2", "FLOW1"]), box("OPEN"), box("AUDIT"), box("NEWHOME", ["FLOW1"]), box("OTHER", ["FLOW3"])]),
  );
  writeFileSync(
    path.join(dir, "rules.jsonl"),
    lines([
      { cc_to_mailbox_id: "AUDIT", cc_if_sender: "PRACTICE" },
      { cc_to_mailbox_id: "AUDIT", workflow_id: "FLOW2" },
      { cc_to_mailbox_id: "AUDIT", workflow_id: "FLOW3" },
      { redirect_to_mailbox_id: "NEWHOME", redirect_if_recipient: "OTHER" },
    ]),
  );
  mb = await startMailbox({
    env: {
      MAILBOX_MAILBOXES_FILE: path.join(dir, "mailboxes.jsonl"),
      MAILBOX_RULES_FILE: path.join(dir, "rules.jsonl"),
      MAILBOX_SWEEP_INTERVAL_MS: "0",
    },
  });
});
afterAll(async () => {
  await mb?.stop();
  if (cfgDir) rmSync(cfgDir, { recursive: true, force: true });
});

describe("GET /messageexchange/{mailbox}/mailroom/configuration", () => {
  it("lists the mailbox's workflows and the rules that apply to it", async () => {
    const r = await who("PRACTICE").call("GET", "/mailroom/configuration");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.json()).toEqual({
      mailbox_id: "PRACTICE",
      mailbox_name: "Box PRACTICE",
      workflows: { any: false, send: ["FLOW1", "FLOW2"], receive: ["FLOW1", "FLOW2"] },
      rules: [
        { kind: "cc", cc_to_mailbox_id: "AUDIT", cc_if_sender: "PRACTICE", cc_if_recipient: null, workflow_id: null },
        { kind: "cc", cc_to_mailbox_id: "AUDIT", cc_if_sender: null, cc_if_recipient: null, workflow_id: "FLOW2" },
      ],
    });
  });

  it("says any workflow for a mailbox without a list, and shows redirects from both ends", async () => {
    const open = (await who("OPEN").call("GET", "/mailroom/configuration")).json<{ workflows: unknown; rules: unknown[] }>();
    expect(open.workflows).toEqual({ any: true, send: [], receive: [] });
    // Workflow-only rules apply to a mailbox that may use any workflow.
    expect(open.rules).toHaveLength(2);
    const other = (await who("OTHER").call("GET", "/mailroom/configuration")).json<{ rules: { kind: string }[] }>();
    expect(other.rules.map((rule) => rule.kind)).toEqual(["cc", "redirect"]);
    const target = (await who("NEWHOME").call("GET", "/mailroom/configuration")).json<{ rules: unknown[] }>();
    expect(target.rules).toEqual([{ kind: "redirect", redirect_to_mailbox_id: "NEWHOME", redirect_if_recipient: "OTHER" }]);
  });

  it("answers only to the mailbox's own token, and only to GET", async () => {
    const url = `${base()}/messageexchange/PRACTICE/mailroom/configuration`;
    expect((await request(url)).status).toBe(403);
    const asOther = meshToken({ mailboxId: "OPEN", password: "pw-OPEN" });
    expect((await request(url, { headers: { authorization: asOther } })).status).toBe(403);
    const wrongPassword = meshToken({ mailboxId: "PRACTICE", password: "wrong" });
    expect((await request(url, { headers: { authorization: wrongPassword } })).status).toBe(403);
    expect((await who("PRACTICE").call("POST", "/mailroom/configuration")).status).toBe(405);
  });
});
