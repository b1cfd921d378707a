import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailbox, type RunningMailbox } from "../testing/spawn-mailbox";
import { Caller, request } from "./helpers";

let mb: RunningMailbox;
let cfgDir: string;
const base = () => mb.url;
const QUOTA = 10_000;

beforeAll(async () => {
  cfgDir = mkdtempSync(path.join(tmpdir(), "mailbox-limits-"));
  const mailboxes = path.join(cfgDir, "mailboxes.jsonl");
  const line = (id: string, active = true) => JSON.stringify({ mailbox_id: id, mailbox_name: id, password: "password", active });
  writeFileSync(mailboxes, [line("SENDER1"), line("RECVR1"), line("SLEEPY1", false)].join("\n"));
  mb = await startMailbox({
    env: {
      MAILBOX_MAILBOXES_FILE: mailboxes,
      MAILBOX_QUOTA_BYTES: String(QUOTA),
      MAILBOX_MAX_CHUNKS: "3",
      MAILBOX_ADMIN: "1",
      MAILBOX_SWEEP_INTERVAL_MS: "0",
    },
  });
});
afterAll(async () => {
  await mb?.stop();
  if (cfgDir) rmSync(cfgDir, { recursive: true, force: true });
});

const sender = new Caller(base, "SENDER1");
const recipient = new Caller(base, "RECVR1");
type V2Error = { detail: { event: string; code: string; msg: string }[] };
const send = (body: Buffer | string, headers: Record<string, string> = {}) =>
  sender.call("POST", "/outbox", {
    headers: { "mex-to": "RECVR1", "mex-workflowid": "WF", "content-type": "application/octet-stream", ...headers },
    body,
  });

describe("an inactive mailbox", () => {
  it("is refused at authentication, for every call", async () => {
    const sleepy = new Caller(base, "SLEEPY1");
    for (const [method, p] of [
      ["GET", "/inbox"],
      ["GET", "/count"],
      ["POST", "/outbox"],
    ] as const) {
      const r = await sleepy.call(method, p);
      expect(r.status, `${method} ${p}`).toBe(403);
      expect(r.json<V2Error>().detail[0]!.msg).toBe("Mailbox is not active");
    }
    const wrongPassword = await new Caller(base, "SLEEPY1", 2, "nope").call("GET", "/inbox");
    expect(wrongPassword.json<V2Error>().detail[0]!.msg).toBe("Invalid Authentication Token");
    expect((await recipient.call("GET", "/inbox")).status).toBe(200);
  });
});

describe("a chunked upload", () => {
  it("may declare at most MAILBOX_MAX_CHUNKS chunks", async () => {
    const tooMany = await send("x", { "mex-chunk-range": "1:4" });
    expect(tooMany.status).toBe(417);
    expect(tooMany.json<V2Error>().detail[0]).toMatchObject({ code: "InvalidHeaderChunks", msg: "A message may have at most 3 chunks" });
    const ok = await send("x", { "mex-chunk-range": "1:3" });
    expect(ok.status).toBe(202);
  });
});

describe("the storage quota", () => {
  it("refuses what would take a sender past it, counts chunks, survives a restart and frees on deletion", async () => {
    // The chunked upload above left 1 byte stored.
    const first = await send(Buffer.alloc(6_000, 1));
    expect(first.status).toBe(202);
    const over = await send(Buffer.alloc(QUOTA - 6_001 + 1, 2));
    expect(over.status).toBe(417);
    expect(over.json<V2Error>().detail[0]).toMatchObject({ event: "SEND", code: "QuotaExceeded" });
    expect(over.json<V2Error>().detail[0]!.msg).toMatch(/quota of 10000 bytes exceeded/);

    const chunked = await send(Buffer.alloc(2_000, 3), { "mex-chunk-range": "1:2" });
    expect(chunked.status).toBe(202);
    const id = chunked.json().message_id as string;
    const secondChunk = await sender.call("POST", `/outbox/${id}/2`, {
      headers: { "mex-chunk-range": "2:2" },
      body: Buffer.alloc(1_999, 4),
    });
    expect(secondChunk.status).toBe(202);
    // 1 + 6000 + 3999 bytes: the quota is full, not even one byte more.
    expect((await send("y")).status).toBe(417);

    await mb.restart();
    expect((await send("y")).status).toBe(417);

    expect((await request(`${base()}/admin/reset/RECVR1`, { method: "DELETE" })).status).toBe(200);
    expect((await send(Buffer.alloc(9_000, 5))).status).toBe(202);
  });
});
