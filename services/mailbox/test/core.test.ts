import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readlinkSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailbox, type RunningMailbox } from "../testing/spawn-mailbox";
import { meshToken } from "../testing/mesh-token";
import { Caller, downloadHash, request } from "./helpers";

let mb: RunningMailbox;
const base = () => mb.url;

beforeAll(async () => {
  mb = await startMailbox({ env: { MAILBOX_SWEEP_INTERVAL_MS: "0", MAILBOX_ADMIN: "1" } });
});
afterAll(async () => {
  await mb?.stop();
});

const handshakeHeaders = { "mex-clientversion": "test==1", "mex-osname": "Linux", "mex-osversion": "6" };

describe("authentication", () => {
  it("accepts a valid token and answers the handshake in both versions", async () => {
    const v1 = await new Caller(base, "X26ABC1", 1).call("POST", "", { headers: handshakeHeaders });
    expect(v1.status).toBe(200);
    expect(v1.json()).toEqual({ mailboxId: "X26ABC1" });
    const v2 = await new Caller(base, "X26ABC1", 2).call("GET", "", { headers: handshakeHeaders });
    expect(v2.status).toBe(200);
    expect(v2.body.length).toBe(0);
  });

  it("requires the handshake headers", async () => {
    const r = await new Caller(base, "X26ABC1", 1).call("POST", "");
    expect(r.status).toBe(400);
    expect(r.json<{ detail: { loc: string[] }[] }>().detail.map((d) => d.loc[1])).toEqual([
      "mex-clientversion",
      "mex-osname",
      "mex-osversion",
    ]);
  });

  const attempt = (authorization: string | undefined, path = "X26ABC1", accept = "application/json") =>
    request(`${base()}/messageexchange/${path}`, { method: "POST", headers: { authorization, accept, ...handshakeHeaders } });

  it("refuses missing, malformed, mismatched, unknown and wrong-password tokens with 403", async () => {
    const cases: [string | undefined, string, string][] = [
      [undefined, "X26ABC1", "Error reading from Authorization header"],
      ["Bearer abc", "X26ABC1", "Error reading from Authorization header"],
      ["NHSMESH X26ABC1:a:b", "X26ABC1", "Error reading from Authorization header"],
      ["NHSMESH X26ABC1:n:x1:202401010000:ab", "X26ABC1", "Error reading from Authorization header"],
      [meshToken({ mailboxId: "X26ABC2", password: "password" }), "X26ABC1", "Mailbox id does not match token"],
      [meshToken({ mailboxId: "NOPE1", password: "password" }), "NOPE1", "No mailbox matched"],
      [meshToken({ mailboxId: "X26ABC1", password: "wrong" }), "X26ABC1", "Invalid Authentication Token"],
      [meshToken({ mailboxId: "X26ABC1", password: "password", sharedKey: "OtherKey" }), "X26ABC1", "Invalid Authentication Token"],
    ];
    for (const [auth, path, desc] of cases) {
      const r = await attempt(auth, path);
      expect(r.status, desc).toBe(403);
      expect(r.json().errorDescription).toBe(desc);
    }
    const v2 = await attempt(undefined, "X26ABC1", "application/vnd.mesh.v2+json");
    expect(v2.status).toBe(403);
    expect(v2.json<{ detail: { msg: string }[] }>().detail[0]!.msg).toBe("Error reading from Authorization header");
    expect(v2.headers["content-type"]).toBe("application/vnd.mesh.v2+json");
  });

  it("refuses a token used twice and one outside the ±2 h window (real service)", async () => {
    const token = meshToken({ mailboxId: "X26ABC1", password: "password" });
    expect((await attempt(token)).status).toBe(200);
    const again = await attempt(token);
    expect(again.status).toBe(403);
    expect(again.json().errorDescription).toMatch(/already been used/);
    const stale = meshToken({ mailboxId: "X26ABC1", password: "password", now: new Date(Date.now() - 3 * 3600_000) });
    expect((await attempt(stale)).status).toBe(403);
    const future = meshToken({ mailboxId: "X26ABC1", password: "password", now: new Date(Date.now() + 3 * 3600_000) });
    expect((await attempt(future)).status).toBe(403);
    const inWindow = meshToken({ mailboxId: "X26ABC1", password: "password", now: new Date(Date.now() - 90 * 60_000) });
    expect((await attempt(inWindow)).status).toBe(200);
  });

  it("rejects a malformed Accept header", async () => {
    const r = await attempt(meshToken({ mailboxId: "X26ABC1", password: "password" }), "X26ABC1", "application/vnd.mesh.v2+json, */*");
    expect(r.status).toBe(400);
    expect(r.json().errorDescription).toBe("Accept header api format incorrect");
  });
});

describe("send, list, download, acknowledge", () => {
  for (const version of [1, 2] as const) {
    it(`round-trips a single-chunk message in v${version}`, async () => {
      const a = new Caller(base, "X26ABC1", version);
      const b = new Caller(base, "X26ABC2", version);
      const payload = `hello v${version} ${randomBytes(8).toString("hex")}`;
      const sent = await a.call("POST", "/outbox", {
        headers: {
          "mex-to": "x26abc2 ",
          "mex-workflowid": "TEST_WORKFLOW",
          "mex-subject": "subj",
          "mex-localid": "local-1",
          "mex-filename": "a.txt",
          "mex-content-checksum": "sha256:abc",
          "mex-content-encrypted": "Y",
          "content-type": "text/plain",
        },
        body: payload,
      });
      expect(sent.status).toBe(202);
      const id = (version === 2 ? sent.json().message_id : sent.json().messageID) as string;
      expect(id).toMatch(/^\d{20}_[0-9A-F]{6}$/);
      expect(await b.inbox()).toContain(id);
      const head = await b.call("HEAD", `/inbox/${id}`);
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      const dl = await b.call("GET", `/inbox/${id.toLowerCase()}`);
      expect(dl.status).toBe(200);
      expect(dl.body.toString()).toBe(payload);
      expect(dl.headers["mex-from"]).toBe("X26ABC1");
      expect(dl.headers["mex-to"]).toBe("X26ABC2");
      expect(dl.headers["mex-workflowid"]).toBe("TEST_WORKFLOW");
      expect(dl.headers["mex-subject"]).toBe("subj");
      expect(dl.headers["mex-localid"]).toBe("local-1");
      expect(dl.headers["mex-filename"]).toBe("a.txt");
      expect(dl.headers["mex-messagetype"]).toBe("DATA");
      expect(dl.headers["mex-messageid"]).toBe(id);
      expect(dl.headers["mex-content-encrypted"]).toBe("Y");
      expect(dl.headers["mex-content-checksum"]).toBe("sha256:abc");
      expect(dl.headers["mex-statussuccess"]).toBe("SUCCESS");
      expect(dl.headers["mex-statuscode"]).toBe("00");
      expect(dl.headers["mex-chunk-range"]).toBe("1:1");
      expect(dl.headers["content-type"]).toBe(version === 2 ? "text/plain" : "application/octet-stream");
      const ack = await b.ack(id);
      expect(ack.status).toBe(200);
      if (version === 1) expect(ack.json()).toEqual({ messageId: id });
      else expect(ack.body.length).toBe(0);
      expect(await b.inbox()).not.toContain(id);
      expect((await b.ack(id)).status).toBe(200); // idempotent
      const gone = await b.call("GET", `/inbox/${id}`);
      expect(gone.status).toBe(410);
    });
  }

  it("only the recipient may download or acknowledge; the sender may HEAD", async () => {
    const a = new Caller(base, "X26ABC1");
    const id = await a.send("X26ABC2", "private");
    expect((await a.call("GET", `/inbox/${id}`)).status).toBe(403);
    expect((await a.ack(id)).status).toBe(403);
    expect((await a.call("HEAD", `/inbox/${id}`)).status).toBe(200);
    expect((await new Caller(base, "X26ABC3").call("HEAD", `/inbox/${id}`)).status).toBe(404);
    const missing = await new Caller(base, "X26ABC2").call("GET", "/inbox/20240101000000000000_ABCDEF");
    expect(missing.status).toBe(404);
    expect(missing.json<{ detail: { code: string }[] }>().detail[0]!.code).toBe("20");
    await new Caller(base, "X26ABC2").ack(id);
  });

  it("uploads and downloads a chunked message, refusing bad, duplicate and out-of-order chunks", async () => {
    const a = new Caller(base, "X26ABC1", 1);
    const b = new Caller(base, "X26ABC3");
    const parts = [randomBytes(1000), randomBytes(2000), randomBytes(10)];
    const first = await a.call("POST", "/outbox", {
      headers: { "mex-to": "X26ABC3", "mex-workflowid": "TEST_WORKFLOW2", "mex-chunk-range": "1:3" },
      body: parts[0],
    });
    expect(first.status).toBe(202);
    const id = first.json().messageID as string;
    expect(await b.inbox()).not.toContain(id);
    expect((await b.call("GET", `/inbox/${id}`)).status).toBe(410);
    const chunk = (n: number, range: string, body: Buffer, who = a) =>
      who.call("POST", `/outbox/${id}/${n}`, { headers: { "mex-chunk-range": range }, body });
    expect((await chunk(3, "3:3", parts[2]!)).status).toBe(417); // before chunk 2
    expect((await chunk(2, "3:3", parts[1]!)).status).toBe(417); // header n ≠ path n
    expect((await chunk(2, "2:4", parts[1]!)).status).toBe(417); // N changed
    expect((await chunk(4, "4:4", parts[1]!)).status).toBe(406); // beyond N
    expect((await chunk(2, "2:3", parts[1]!, new Caller(base, "X26ABC2"))).status).toBe(403);
    expect((await chunk(1, "1:3", parts[0]!)).status).toBe(417); // duplicate of chunk 1
    const recoded = await a.call("POST", `/outbox/${id}/2`, {
      headers: { "mex-chunk-range": "2:3", "content-encoding": "gzip" },
      body: parts[1],
    });
    expect(recoded.status).toBe(417);
    expect(recoded.json().errorDescription).toBe("cannot change content encoding");
    const c2 = await chunk(2, "2:3", parts[1]!);
    expect(c2.status).toBe(202);
    expect(c2.json()).toMatchObject({ messageID: id, blockID: 2 });
    expect((await chunk(2, "2:3", parts[1]!)).status).toBe(417); // duplicate
    expect(await b.inbox()).not.toContain(id);
    expect((await chunk(3, "3:3", parts[2]!)).status).toBe(202);
    expect((await chunk(3, "3:3", parts[2]!)).status).toBe(423); // finalised
    expect(await b.inbox()).toContain(id);
    const got: Buffer[] = [];
    for (let n = 1; n <= 3; n++) {
      const r = await b.call("GET", n === 1 ? `/inbox/${id}` : `/inbox/${id}/${n}`);
      expect(r.status).toBe(n < 3 ? 206 : 200);
      expect(r.headers["mex-chunk-range"]).toBe(`${n}:3`);
      got.push(r.body);
    }
    expect(Buffer.concat(got).equals(Buffer.concat(parts))).toBe(true);
    expect((await b.call("GET", `/inbox/${id}/4`)).status).toBe(404);
    expect((await b.call("GET", `/inbox/${id}/0`)).status).toBe(400);
    const tr = await a.call("GET", `/outbox/tracking?messageID=${id}`);
    expect(tr.json()).toMatchObject({ chunkCount: 3, fileSize: 3010, status: "Accepted" });
    await b.ack(id);
  });

  it("passes gzip through or decodes it per Accept-Encoding, and compresses on the fly in v2", async () => {
    const a = new Caller(base, "X26ABC1");
    const b2 = new Caller(base, "X26ABC2", 2);
    const b1 = new Caller(base, "X26ABC2", 1);
    const plain = Buffer.from("compress me ".repeat(500));
    const id = await a.send("X26ABC2", gzipSync(plain), { "content-encoding": "gzip" });
    const asIs = await b2.call("GET", `/inbox/${id}`, { headers: { "accept-encoding": "gzip" } });
    expect(asIs.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(asIs.body).equals(plain)).toBe(true);
    const decoded = await b2.call("GET", `/inbox/${id}`, { headers: { "accept-encoding": "identity" } });
    expect(decoded.headers["content-encoding"]).toBeUndefined();
    expect(decoded.body.equals(plain)).toBe(true);
    await b2.ack(id);
    const id2 = await a.send("X26ABC2", plain);
    const onTheFly = await b2.call("GET", `/inbox/${id2}`, { headers: { "accept-encoding": "gzip, deflate" } });
    expect(onTheFly.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(onTheFly.body).equals(plain)).toBe(true);
    const v1 = await b1.call("GET", `/inbox/${id2}`, { headers: { "accept-encoding": "gzip" } });
    expect(v1.headers["content-encoding"]).toBeUndefined();
    expect(v1.body.equals(plain)).toBe(true);
    await b2.ack(id2);
    const bad = await a.call("POST", "/outbox", {
      headers: { "mex-to": "X26ABC2", "mex-workflowid": "W", "content-encoding": "br" },
      body: "x",
    });
    expect(bad.status).toBe(422);
  });

  it("pages the inbox with links.next and filters by workflow", async () => {
    const a = new Caller(base, "X26ABC2");
    const c = new Caller(base, "X26ABC3", 2);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await a.send("X26ABC3", `m${i}`, {}, i % 3 === 0 ? "FLOW_ACK" : "FLOW_DATA"));
    const first = await c.call("GET", "/inbox?max_results=10");
    const j = first.json<{ messages: string[]; links: { self: string; next?: string }; approx_inbox_count: number }>();
    expect(j.messages).toEqual(ids.slice(0, 10));
    expect(j.links.self).toBe("/messageexchange/X26ABC3/inbox?max_results=10");
    expect(j.approx_inbox_count).toBe(12);
    const next = await request(`${base()}${j.links.next!}`, { headers: c.headers() });
    const j2 = next.json<{ messages: string[]; links: { next?: string } }>();
    expect(j2.messages).toEqual(ids.slice(10));
    expect(j2.links.next).toBeUndefined();
    expect(await new Caller(base, "X26ABC3", 1).inbox(`?max_results=10&continue_from=${ids[9]}`)).toEqual(ids.slice(10));
    expect(await c.inbox("?workflow_filter=FLOW_ACK")).toEqual(ids.filter((_, i) => i % 3 === 0));
    expect(await c.inbox("?workflow_filter=!FLOW_ACK")).toEqual(ids.filter((_, i) => i % 3 !== 0));
    expect(await c.inbox("?workflow_filter=FLOW_*")).toEqual(ids);
    expect(await c.inbox(`?workflow_filter=${encodeURIComponent("*_ACK*")}`)).toEqual(ids.filter((_, i) => i % 3 === 0));
    expect(await c.inbox(`?workflow_filter=${encodeURIComponent("!*_ACK*")}`)).toEqual(ids.filter((_, i) => i % 3 !== 0));
    expect((await c.call("GET", "/inbox?max_results=9")).status).toBe(400);
    expect((await c.call("GET", "/inbox?max_results=5001")).status).toBe(400);
    expect((await c.call("GET", "/inbox?continue_from=short")).status).toBe(400);
    expect((await c.call("GET", "/inbox?workflow_filter=x")).status).toBe(400);
    expect((await c.call("GET", "/count")).json()).toEqual({ count: 12 });
    expect((await new Caller(base, "X26ABC3", 1).call("GET", "/count")).json()).toMatchObject({ count: 12, allResultsIncluded: true });
    for (const id of ids) await c.ack(id);
  });

  it("handles concurrent senders to one inbox", async () => {
    const senders = ["X26ABC1", "X26ABC3", "Y90001OT", "Y90002OT"];
    const sent = await Promise.all(
      senders.flatMap((s) => Array.from({ length: 10 }, (_, i) => new Caller(base, s).send("X26ABC2", `${s}-${i}`, {}, "MAILROOM_FILE"))),
    );
    const b = new Caller(base, "X26ABC2");
    const listed = await b.inbox("?max_results=100");
    expect(new Set(listed)).toEqual(new Set(sent));
    for (const id of sent) expect((await b.ack(id)).status).toBe(200);
  });
});

describe("validation and errors", () => {
  const a = new Caller(base, "X26ABC1", 1);
  const send = (headers: Record<string, string | undefined>, body: string | Buffer = "x") =>
    a.call("POST", "/outbox", { headers: { "mex-to": "X26ABC2", "mex-workflowid": "TEST_WORKFLOW", ...headers }, body });

  it("maps each send problem to the documented status and code", async () => {
    const missing = await send({ "mex-to": undefined });
    expect(missing.status).toBe(400);
    expect(missing.json<{ detail: { loc: string[] }[] }>().detail[0]!.loc).toEqual(["header", "mex-to"]);
    const long = await send({ "mex-subject": "s".repeat(501) });
    expect(long.status).toBe(400);
    expect(long.json<{ detail: { type: string }[] }>().detail[0]!.type).toBe("string_too_long");
    expect((await send({ "mex-subject": "tab\there" })).json()).toMatchObject({ errorEvent: "TRANSFER", errorCode: "06" });
    expect((await send({ "mex-to": "https://evil.example" })).json()).toMatchObject({ errorCode: "06" });
    expect((await send({ "mex-content-checksum": "abc$" })).json()).toMatchObject({ errorDescription: "Invalid checksum" });
    const empty = await send({ "mex-to": "" });
    expect(empty.status).toBe(400);
    expect(empty.json()).toMatchObject({ errorCode: "08", errorDescription: "TO_DTS missing" });
    const unknown = await send({ "mex-to": "NOBODY1" });
    expect(unknown.status).toBe(417);
    expect(unknown.json()).toMatchObject({ errorEvent: "SEND", errorCode: "12", errorDescription: "Unregistered to address" });
    const noBody = await send({}, "");
    expect(noBody.status).toBe(417);
    expect(noBody.json()).toMatchObject({ errorEvent: "COLLECT", errorCode: "02" });
    for (const range of ["2:3", "1:0", "x", "1:2:3"]) {
      const r = await send({ "mex-chunk-range": range });
      expect(r.status, range).toBe(417);
      expect(r.json().errorCode).toBe("InvalidHeaderChunks");
    }
    expect((await send({ "mex-from": "X26ABC3" })).json()).toMatchObject({ errorCode: "07" });
    const v2 = await new Caller(base, "X26ABC1", 2).call("POST", "/outbox", {
      headers: { "mex-to": "NOBODY1", "mex-workflowid": "W" },
      body: "x",
    });
    expect(v2.json()).toMatchObject({ detail: [{ event: "SEND", code: "12", msg: "Unregistered to address" }] });
  });

  it("enforces workflow registration (codes 16 and 17) for mailboxes that list workflows", async () => {
    const gp = new Caller(base, "Y90001OT", 1);
    const notAllowed = await gp.call("POST", "/outbox", {
      headers: { "mex-to": "R9XRECS1", "mex-workflowid": "TEST_WORKFLOW" },
      body: "x",
    });
    expect(notAllowed.status).toBe(417);
    expect(notAllowed.json().errorCode).toBe("16");
    const notRegistered = await a.call("POST", "/outbox", {
      headers: { "mex-to": "R9XRECS1", "mex-workflowid": "TEST_WORKFLOW" },
      body: "x",
    });
    expect(notRegistered.status).toBe(417);
    expect(notRegistered.json().errorCode).toBe("17");
    const ok = await gp.send("R9XRECS1", "discharge ack", {}, "TOC_FHIR_IP_DISCH_ACK");
    const sandboxOk = await a.send("R9XRECS1", "sandbox mailbox, registered workflow", {}, "MAILROOM_FILE");
    const recs = new Caller(base, "R9XRECS1");
    expect(await recs.inbox()).toEqual(expect.arrayContaining([ok, sandboxOk]));
    await recs.ack(ok);
    await recs.ack(sandboxOk);
  });

  it("refuses over 100 MiB in one request while streaming, declared or not", async () => {
    const declared = await send({ "content-length": String(100 * 1024 * 1024 + 1) }, Buffer.alloc(0)).catch((e: Error) => e);
    if (!(declared instanceof Error)) expect(declared.status).toBe(413);
    let produced = 0;
    const limit = 100 * 1024 * 1024 + 5 * 1024 * 1024;
    const block = Buffer.alloc(1024 * 1024, 7);
    const stream = new Readable({
      read() {
        if (produced >= limit) this.push(null);
        else {
          produced += block.length;
          this.push(block);
        }
      },
    });
    const r = await a
      .call("POST", "/outbox", { headers: { "mex-to": "X26ABC2", "mex-workflowid": "TEST_WORKFLOW" }, body: stream })
      .catch((e: Error) => e);
    // The server drains the rest of the body before answering, so the client reads the 413.
    expect(r instanceof Error ? r.message : r.status).toBe(413);
    expect(await new Caller(base, "X26ABC2").inbox()).toEqual([]);
  });
});

describe("tracking, look-ups, rich views, admin", () => {
  it("tracks by message id in v1 and v2 and by local id", async () => {
    const a1 = new Caller(base, "X26ABC1", 1);
    const a2 = new Caller(base, "X26ABC1", 2);
    const localId = `loc-${randomBytes(4).toString("hex")}`;
    const id = await a2.send("X26ABC2", "track me", { "mex-localid": localId, "mex-filename": "t.txt" });
    const v2 = (await a2.call("GET", `/outbox/tracking?messageID=${id}`)).json();
    expect(v2).toMatchObject({
      message_id: id,
      local_id: localId,
      status: "accepted",
      status_success: true,
      recipient: "X26ABC2",
      filename: "t.txt",
    });
    expect(v2.expiry_time).toMatch(/^\d{4}-\d\d-\d\dT/);
    const v1 = (await a1.call("GET", `/outbox/tracking?messageID=${id}`)).json();
    expect(v1).toMatchObject({
      messageId: id,
      dtsId: id,
      status: "Accepted",
      statusSuccess: "SUCCESS",
      recipient: "X26ABC2",
      sender: "X26ABC1",
      fileSize: 8,
    });
    expect(v1.uploadTimestamp).toMatch(/^\d{14}$/);
    expect((await a1.call("GET", `/outbox/tracking/${localId}`)).json()).toMatchObject({ messageId: id });
    expect((await a1.call("GET", `/outbox/tracking/nope`)).status).toBe(404);
    await a1.send("X26ABC2", "dup", { "mex-localid": localId });
    expect((await a1.call("GET", `/outbox/tracking/${localId}`)).status).toBe(300);
    expect((await new Caller(base, "X26ABC2").call("GET", `/outbox/tracking?messageID=${id}`)).status).toBe(404);
    const b = new Caller(base, "X26ABC2");
    await b.ack(id);
    const acked = (await a1.call("GET", `/outbox/tracking?messageID=${id}`)).json();
    expect(acked.status).toBe("Acknowledged");
    expect(acked.downloadTimestamp).toMatch(/^\d{14}$/);
    for (const m of await b.inbox()) await b.ack(m);
  });

  it("looks up endpoints and searches workflows", async () => {
    const v1 = await request(`${base()}/messageexchange/endpointlookup/X26/TEST_WORKFLOW`);
    expect(v1.json()).toMatchObject({ results: [{ address: "X26ABC2", description: "TESTMB2", endpoint_type: "MESH" }] });
    const v2 = await request(`${base()}/messageexchange/endpointlookup/Y90001/TOC_FHIR_IP_DISCH`, {
      headers: { accept: "application/vnd.mesh.v2+json" },
    });
    expect(v2.json()).toEqual({ results: [{ mailbox_id: "Y90001OT", mailbox_name: "Riverside Medical Practice" }] });
    expect((await request(`${base()}/messageexchange/endpointlookup/Y99/TEST_WORKFLOW`)).json()).toMatchObject({ results: [] });
    const ws = await request(`${base()}/messageexchange/workflowsearch/TEST_WORKFLOW2`);
    expect(
      ws
        .json<{ results: { mailbox_id: string }[] }>()
        .results.map((r) => r.mailbox_id)
        .sort(),
    ).toEqual(["X26ABC1", "X26ABC2", "X26ABC3"]);
  });

  it("serves the rich inbox and outbox", async () => {
    const a = new Caller(base, "X26ABC3");
    const b = new Caller(base, "X26ABC1");
    const ids = [await a.send("X26ABC1", "r1"), await a.send("X26ABC1", "r2")];
    await b.ack(ids[0]!);
    const inbox = (await b.call("GET", "/inbox/rich")).json<{ messages: { message_id: string; status: string }[]; valid_at: string }>();
    expect(inbox.messages.slice(0, 2).map((m) => [m.message_id, m.status])).toEqual([
      [ids[1], "accepted"],
      [ids[0], "acknowledged"],
    ]);
    const outbox = (await a.call("GET", "/outbox/rich?max_results=10")).json<{ messages: { message_id: string; recipient: string }[] }>();
    expect(outbox.messages[0]).toMatchObject({ message_id: ids[1], recipient: "X26ABC1" });
    const paged = (await b.call("GET", "/inbox/rich?max_results=1")).json<{ messages: unknown[]; links: { next?: string } }>();
    expect(paged.messages).toHaveLength(1);
    expect(paged.links.next).toBeDefined();
    await b.ack(ids[1]!);
  });

  it("adds what a HEAD tells to each rich inbox row, so a client can index from the pages", async () => {
    const a = new Caller(base, "X26ABC3");
    const b = new Caller(base, "X26ABC2");
    const id = await a.send("X26ABC2", "detail", {
      "mex-subject": "Results",
      "mex-filename": "results.csv",
      "mex-content-type": "text/csv",
      "mex-content-checksum": "sha256:abc",
      "mex-localid": "ref-1",
    });
    const head = await b.call("HEAD", `/inbox/${id}`);
    const inbox = (await b.call("GET", "/inbox/rich?max_results=1")).json<{ messages: Record<string, unknown>[] }>();
    expect(inbox.messages[0]).toMatchObject({
      message_id: id,
      local_id: "ref-1",
      subject: "Results",
      file_name: "results.csv",
      content_type: "text/csv",
      checksum: "sha256:abc",
      file_size: 6,
      status_event: head.headers["mex-statusevent"],
      status_description: head.headers["mex-statusdescription"],
      linked_message_id: null,
    });
    // The same moment a HEAD gives, to the second it carries.
    const stamp = String(inbox.messages[0]!.status_timestamp);
    expect(stamp.replace(/[-:T]/g, "").slice(0, 14)).toBe(head.headers["mex-statustimestamp"]);
    const outbox = (await a.call("GET", "/outbox/rich?max_results=10")).json<{ messages: Record<string, unknown>[] }>();
    expect(outbox.messages[0]).not.toHaveProperty("file_name");
    await b.ack(id);
  });

  it("supports the sandbox admin endpoints", async () => {
    const a = new Caller(base, "X26ABC1");
    const b = new Caller(base, "X26ABC2");
    expect((await request(`${base()}/messageexchange/admin/mailbox/X26ABC1`)).json()).toMatchObject({
      mailbox_id: "X26ABC1",
      ods_code: "X26",
    });
    expect((await request(`${base()}/admin/mailbox/NOPE`)).status).toBe(404);
    const id = await a.send("X26ABC2", "admin");
    const ev = await request(`${base()}/messageexchange/admin/message/${id}/event`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "undeliverable", code: "14", event: "SEND", description: "gone" }),
    });
    expect(ev.status).toBe(200);
    expect(await b.inbox()).not.toContain(id);
    expect((await b.call("GET", `/inbox/${id}`)).status).toBe(410);
    expect((await request(`${base()}/admin/message/${id}`)).json()).toMatchObject({
      message_id: id,
      status: "Undeliverable",
      message_type: "Data",
    });
    const rep = await request(`${base()}/messageexchange/admin/report`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        mailbox_id: "X26ABC1",
        code: "14",
        description: "x",
        workflow_id: "TEST_WORKFLOW",
        linked_message_id: id,
        subject: "s",
      }),
    });
    const reportId = rep.json().message_id as string;
    expect(await a.inbox()).toContain(reportId);
    const dl = await a.call("GET", `/inbox/${reportId}`);
    expect(dl.status).toBe(200);
    expect(dl.body.length).toBe(0);
    expect(dl.headers).toMatchObject({
      "mex-messagetype": "REPORT",
      "mex-statuscode": "14",
      "mex-linkedmsgid": id,
      "mex-statussuccess": "ERROR",
      "mex-subject": "NDR: s",
    });
    const id2 = await a.send("X26ABC2", "reset me");
    expect((await request(`${base()}/admin/reset/X26ABC2`, { method: "DELETE" })).json()).toEqual({ message: "mailbox X26ABC2 reset" });
    expect(await b.inbox()).not.toContain(id2);
    expect((await request(`${base()}/admin/reset/NOPE1`, { method: "DELETE" })).status).toBe(404);
    expect((await request(`${base()}/messageexchange/admin/reset`, { method: "DELETE" })).json()).toEqual({
      message: "all mailboxes reset",
    });
    expect(await a.inbox()).toEqual([]);
    expect((await request(`${base()}/health`)).json()).toMatchObject({ status: "running", outcome: "Yes" });
  });

  it("after a full reset, holds no directory that the reset removed (fsyncs reach the new ones)", async () => {
    const a = new Caller(base, "X26ABC1");
    for (let i = 0; i < 3; i++) await a.send("X26ABC2", `before ${i}`);
    expect((await request(`${base()}/messageexchange/admin/reset`, { method: "DELETE" })).status).toBe(200);
    const id = await a.send("X26ABC2", "after");
    expect(await new Caller(base, "X26ABC2").inbox()).toEqual([id]);
    const fds = `/proc/${mb.pid()}/fd`;
    const open = readdirSync(fds)
      .map((fd) => {
        try {
          return readlinkSync(path.join(fds, fd));
        } catch {
          return ""; // closed while listing
        }
      })
      .filter((target) => target.startsWith(path.join(mb.dataDir, "messages")));
    expect(open.length).toBeGreaterThan(0); // the bucket of "after" is held open for its fsyncs
    expect(open.filter((target) => target.endsWith("(deleted)"))).toEqual([]);
  });
});

describe("large transfer", () => {
  it("moves 100 MB in two chunks intact (SHA-256 compare), streamed both ways", async () => {
    const a = new Caller(base, "X26ABC1");
    const b = new Caller(base, "X26ABC2");
    const total = 100 * 1000 * 1000;
    const chunkSize = 60 * 1000 * 1000;
    const sent = createHash("sha256");
    const source = (offset: number, length: number) => {
      let pos = 0;
      return new Readable({
        read() {
          if (pos >= length) return void this.push(null);
          const n = Math.min(1 << 20, length - pos);
          const buf = Buffer.alloc(n);
          for (let i = 0; i < n; i += 4096) buf.writeUInt32LE((offset + pos + i) >>> 0, i);
          sent.update(buf);
          pos += n;
          this.push(buf);
        },
      });
    };
    const first = await a.call("POST", "/outbox", {
      headers: { "mex-to": "X26ABC2", "mex-workflowid": "TEST_WORKFLOW", "mex-chunk-range": "1:2" },
      body: source(0, chunkSize),
    });
    expect(first.status).toBe(202);
    const id = first.json().message_id as string;
    const second = await a.call("POST", `/outbox/${id}/2`, {
      headers: { "mex-chunk-range": "2:2" },
      body: source(chunkSize, total - chunkSize),
    });
    expect(second.status).toBe(202);
    const got = createHash("sha256");
    let bytes = 0;
    for (const n of [1, 2]) {
      const d = await downloadHash(`${base()}/messageexchange/X26ABC2/inbox/${id}${n === 1 ? "" : "/2"}`, b.headers(), got);
      expect(d.status).toBe(n === 1 ? 206 : 200);
      bytes += d.bytes;
    }
    expect(bytes).toBe(total);
    expect(got.digest("hex")).toBe(sent.digest("hex"));
    await b.ack(id);
  });
});
