import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailbox, type RunningMailbox } from "../testing/spawn-mailbox";
import { meshToken } from "../testing/mesh-token";
import { Caller, request } from "./helpers";

let mb: RunningMailbox;
const base = () => mb.url;

beforeAll(async () => {
  mb = await startMailbox({ env: { MAILBOX_COMPAT: "sandbox", MAILBOX_SWEEP_INTERVAL_MS: "0" } });
});
afterAll(async () => {
  await mb?.stop();
});

describe("MAILBOX_COMPAT=sandbox", () => {
  it("accepts reused and stale tokens, and still serves acknowledged messages", async () => {
    const token = meshToken({ mailboxId: "X26ABC1", password: "password", now: new Date(Date.UTC(2024, 2, 11, 11, 24)) });
    for (let i = 0; i < 2; i++) {
      const r = await request(`${base()}/messageexchange/X26ABC1/inbox`, { headers: { authorization: token } });
      expect(r.status).toBe(200);
    }
    const id = await new Caller(base, "X26ABC1").send("X26ABC2", "keep me");
    const b = new Caller(base, "X26ABC2");
    await b.ack(id);
    expect(await b.inbox()).toEqual([]);
    const again = await b.call("GET", `/inbox/${id}`);
    expect(again.status).toBe(200);
    expect(again.body.toString()).toBe("keep me");
  });

  it("makes a mailbox of each upper-case folder in the data directory, as mesh-sandbox does", async () => {
    mkdirSync(path.join(mb.dataDir, "X26NEW1"));
    mkdirSync(path.join(mb.dataDir, "x26new2"));
    expect((await new Caller(base, "X26NEW1").call("GET", "/inbox")).status).toBe(403); // not yet: read at start-up and reset
    await mb.restart();
    const id = await new Caller(base, "X26ABC1").send("X26NEW1", "to a folder mailbox");
    expect(await new Caller(base, "X26NEW1").inbox()).toEqual([id]);
    expect((await request(`${base()}/messageexchange/mailbox/X26NEW1`)).json()).toMatchObject({
      mailbox_id: "X26NEW1",
      mailbox_name: "Unknown",
    });
    expect((await new Caller(base, "X26NEW2").call("GET", "/inbox")).status).toBe(403);
  });

  it("answers the undocumented update and ping endpoints", async () => {
    expect((await new Caller(base, "X26ABC1").call("POST", "/update")).status).toBe(200);
    expect((await request(`${base()}/messageexchange/_ping`)).json()).toMatchObject({ status: "running" });
  });
});

describe("process behaviour", () => {
  it("exits with a clear message when the port is taken", async () => {
    const err = await startMailbox({ port: mb.port, startTimeoutMs: 60_000 }).then(
      (m) => m.stop().then(() => null),
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/already in use/);
  });

  it("stops cleanly on SIGTERM and keeps its data across a restart", async () => {
    const id = await new Caller(base, "X26ABC1").send("X26ABC3", "survives restart");
    await mb.restart();
    const c = new Caller(base, "X26ABC3");
    expect(await c.inbox()).toContain(id);
    expect(mb.output()).toMatch(/mailbox listening on/);
  });
});
