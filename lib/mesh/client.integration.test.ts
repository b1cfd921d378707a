import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "@/lib/testing/test-certificates";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";
import { runMeshCli } from "./cli-run";
import { createMeshClient } from "./client";
import type { MeshClientOptions } from "./requests";
import { MeshError } from "./errors";
import { failure } from "./testing";

// Runs the real mailbox server (services/mailbox) as a child process, with its defaults: mailboxes
// X26ABC1..3 (password "password", no workflow restrictions), the Mailroom demo mailboxes (restricted
// to their workflows), shared key TestKey, real-service behaviour (single-use tokens, 410 after ack).

const MiB = 1024 * 1024;
// Below the server's default 100 MiB so that the too-large case needs only a 30 MB chunk.
const SERVER_LIMIT = 25 * MiB;

/** `total` pseudo-random bytes, produced a piece at a time, with their SHA-256. */
function randomSource(total: number): { stream: Readable; sha256: () => string } {
  const hash = createHash("sha256");
  let left = total;
  const stream = new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const piece = randomBytes(Math.min(left, MiB));
      left -= piece.length;
      hash.update(piece);
      this.push(piece);
    },
  });
  return { stream, sha256: () => hash.digest("hex") };
}

async function sha256Of(stream: Readable): Promise<{ hex: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const part of stream) {
    hash.update(part as Buffer);
    bytes += (part as Buffer).length;
  }
  return { hex: hash.digest("hex"), bytes };
}

async function text(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

let workflowCounter = 0;
/** A workflow id of its own per test, so that inbox assertions never see another test's messages. */
const freshWorkflow = () => `MESHCLIENT_${process.pid}_${++workflowCounter}`;

describe("MESH client against services/mailbox", () => {
  let mailbox: RunningMailbox;
  const clients: { close(): void }[] = [];
  const as = (mailboxId: string, extra: Partial<MeshClientOptions> = {}) => {
    const client = createMeshClient({
      baseUrl: mailbox.url,
      mailboxId,
      password: "password",
      sharedKey: "TestKey",
      retry: { retries: 0 },
      ...extra,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    mailbox = await startMailbox({ env: { MAILBOX_MAX_REQUEST_BYTES: String(SERVER_LIMIT) } });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await mailbox?.stop();
  });

  it("handshakes, and refuses a wrong password or shared key", async () => {
    await as("X26ABC1").handshake();
    expect(await failure(as("X26ABC1", { password: "wrong" }).handshake())).toMatchObject({ kind: "unauthorised", status: 403 });
    expect(await failure(as("X26ABC1", { sharedKey: "wrong" }).inboxCount())).toMatchObject({ kind: "unauthorised" });
  });

  it("sends, lists, counts, inspects, downloads, tracks and acknowledges a message", async () => {
    const workflowId = freshWorkflow();
    const sender = as("X26ABC1");
    const recipient = as("X26ABC2");
    const before = await recipient.inboxCount();
    const sent = await sender.send("name,dose\nparacetamol,1g\n", {
      to: "x26abc2",
      workflowId,
      subject: "Medication list",
      localId: `local-${workflowId}`,
      fileName: "meds.csv",
      contentType: "text/csv",
      checksum: "sha256:0123abcd",
      encrypted: true,
    });
    expect(sent.chunkCount).toBe(1);

    expect(await recipient.listInbox({ workflowFilter: workflowId })).toEqual([sent.messageId]);
    expect(await recipient.inboxCount()).toBe(before + 1);

    const headers = await recipient.messageHeaders(sent.messageId);
    expect(headers).toMatchObject({
      messageId: sent.messageId,
      messageType: "DATA",
      from: "X26ABC1",
      to: "X26ABC2",
      workflowId,
      subject: "Medication list",
      fileName: "meds.csv",
      contentType: "text/csv",
      checksum: "sha256:0123abcd",
      encrypted: true,
      chunkCount: 1,
    });

    const download = await recipient.download(sent.messageId);
    expect(await text(download.body)).toBe("name,dose\nparacetamol,1g\n");

    const tracking = await sender.track(sent.messageId);
    expect(tracking).toMatchObject({ messageId: sent.messageId, status: "accepted", recipient: "X26ABC2", workflowId });
    expect(tracking.uploadTimestamp).toBeInstanceOf(Date);
    const v1 = await sender.trackV1(sent.messageId);
    expect(v1).toMatchObject({ messageId: sent.messageId, status: "accepted", fileName: "meds.csv" });
    expect(await sender.trackByLocalId(`local-${workflowId}`)).toMatchObject({ messageId: sent.messageId });

    await recipient.acknowledge(sent.messageId);
    await recipient.acknowledge(sent.messageId);
    expect(await recipient.listInbox({ workflowFilter: workflowId })).toEqual([]);
    expect((await sender.track(sent.messageId)).status).toBe("acknowledged");
    // The real service (the mailbox server's default) no longer serves an acknowledged message.
    expect(await failure(recipient.download(sent.messageId))).toMatchObject({ kind: "gone", status: 410 });
  });

  it("follows every inbox page, with a workflow filter", async () => {
    const workflowId = freshWorkflow();
    const sender = as("X26ABC1");
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await sender.send(`message ${i}`, { to: "X26ABC3", workflowId })).messageId);
    const recipient = as("X26ABC3");
    expect(await recipient.listInbox({ workflowFilter: workflowId, maxResults: 10 })).toEqual(ids);
    const firstPage = await recipient.listInboxPage({ workflowFilter: workflowId, maxResults: 10 });
    expect(firstPage.messageIds).toHaveLength(10);
    expect(firstPage.next).toBeTruthy();
    expect(await recipient.listInbox({ workflowFilter: `!${workflowId}` })).not.toContain(ids[0]);
  });

  it("round-trips 100 MB in 20 MiB chunks, compared by SHA-256", { timeout: 300_000 }, async () => {
    const workflowId = freshWorkflow();
    const size = 100_000_000;
    const source = randomSource(size);
    const progress: number[] = [];
    const sent = await as("X26ABC1").send(
      source.stream,
      { to: "X26ABC2", workflowId, fileName: "big.bin" },
      { size, onProgress: (n) => progress.push(n) },
    );
    expect(sent).toMatchObject({ chunkCount: 5, bytes: size });
    expect(progress.at(-1)).toBe(size);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const recipient = as("X26ABC2");
    const download = await recipient.download(sent.messageId);
    expect(download.headers.chunkCount).toBe(5);
    expect(await sha256Of(download.body)).toEqual({ hex: source.sha256(), bytes: size });
    await recipient.acknowledge(sent.messageId);
  });

  it("spools input of unknown length and gzips each chunk", { timeout: 120_000 }, async () => {
    const workflowId = freshWorkflow();
    const lines = Array.from({ length: 80_000 }, (_, i) => `${i},patient-free test row,${i % 97}\n`).join("");
    const body = Buffer.from(lines);
    expect(body.length).toBeGreaterThan(2 * MiB);
    // A stream with no declared size, as a browser upload without Content-Length would be.
    const stream = Readable.from([body.subarray(0, 1000), body.subarray(1000)]);
    const sender = as("X26ABC1", { chunkSize: MiB });
    const sent = await sender.send(stream, { to: "X26ABC2", workflowId }, { compress: true });
    expect(sent.chunkCount).toBe(Math.ceil(body.length / MiB));

    const download = await as("X26ABC2").download(sent.messageId, {});
    expect(download.headers.chunkCount).toBe(sent.chunkCount);
    expect(await text(download.body)).toBe(lines);
    const v1 = await sender.trackV1(sent.messageId);
    expect(v1.chunkCount).toBe(sent.chunkCount);
    // MESH records the compressed size of what was uploaded, not the original's.
    expect(v1.fileSize).toBeLessThan(body.length / 2);
  });

  it("asks for gzip on downloads unless told not to, and gets the same bytes either way", async () => {
    const workflowId = freshWorkflow();
    const lines = Array.from({ length: 5_000 }, (_, i) => `${i},row\n`).join("");
    const sent = await as("X26ABC1").send(lines, { to: "X26ABC2", workflowId });
    const gzipped = await as("X26ABC2").download(sent.messageId);
    expect(gzipped.headers.contentEncoding).toBe("gzip");
    expect(await text(gzipped.body)).toBe(lines);
    const plain = await as("X26ABC2", { acceptGzip: false }).download(sent.messageId);
    expect(plain.headers.contentEncoding).toBeUndefined();
    expect(await text(plain.body)).toBe(lines);
  });

  it("never delivers a chunked upload that is cancelled part-way", async () => {
    const workflowId = freshWorkflow();
    const controller = new AbortController();
    const sender = as("X26ABC1", { chunkSize: MiB });
    const error = await failure(
      sender.send(
        randomSource(4 * MiB).stream,
        { to: "X26ABC2", workflowId },
        {
          size: 4 * MiB,
          signal: controller.signal,
          // Abort half-way through the second chunk.
          onProgress: (n) => (n > 1.5 * MiB ? controller.abort() : undefined),
        },
      ),
    );
    expect(error.kind).toBe("cancelled");
    const recipient = as("X26ABC2");
    expect(await recipient.listInbox({ workflowFilter: workflowId })).toEqual([]);
    const outbox = await sender.richOutbox();
    if (outbox) {
      const row = outbox.find((m) => m.workflowId === workflowId);
      expect(row?.status).toBe("uploading");
      expect(await failure(recipient.download(row?.messageId ?? "missing"))).toMatchObject({ status: 410 });
    }
  });

  it("never delivers a streamed send whose input fails a check after its last byte", { timeout: 60_000 }, async () => {
    const recipient = as("X26ABC2");
    for (const size of [3 * MiB, MiB / 2]) {
      const workflowId = freshWorkflow();
      const source = randomSource(size);
      // As the web app's upload does: the bytes all arrive, then the SHA-256 is not the browser's.
      async function* checked() {
        for await (const piece of source.stream) yield piece as Buffer;
        throw new Error("checksum mismatch");
      }
      const error = await failure(
        as("X26ABC1", { chunkSize: MiB }).send(Readable.from(checked()), { to: "X26ABC2", workflowId, checksum: "sha256:0" }, { size }),
      );
      expect(error.kind).toBe("cancelled");
      expect(error.message).toMatch(/checksum mismatch/);
      expect(await recipient.listInbox({ workflowFilter: workflowId })).toEqual([]);
    }
  });

  it("maps each error kind the server can produce", async () => {
    const sender = as("X26ABC1");
    expect(await failure(sender.send("x", { to: "NOBODY1", workflowId: "TEST_WORKFLOW" }))).toMatchObject({
      kind: "unknown-recipient",
      status: 417,
      code: "12",
      event: "SEND",
    });
    // The Mailroom demo mailboxes accept only their own workflows (codes 16 and 17).
    expect(await failure(sender.send("x", { to: "Y90001OT", workflowId: "TEST_WORKFLOW" }))).toMatchObject({
      kind: "workflow-not-permitted",
      code: "17",
    });
    const practice = as("Y90001OT", { password: "riverside-mesh-pw" });
    expect(await failure(practice.send("x", { to: "X26ABC2", workflowId: "TEST_WORKFLOW" }))).toMatchObject({
      kind: "workflow-not-permitted",
      code: "16",
    });
    expect(await failure(sender.download("20200101000000000000_ABCDEF"))).toMatchObject({ kind: "not-found", status: 404 });
    expect(await failure(sender.track("20200101000000000000_ABCDEF"))).toMatchObject({ kind: "not-found" });
    expect(await tooLarge(sender)).toMatchObject({ kind: "too-large", status: 413 });
    expect(await failure(sender.listInboxPage({ next: "/messageexchange/X26ABC1/inbox?continue_from=short" }))).toMatchObject({
      kind: "bad-request",
      status: 400,
    });
    const nowhere = createMeshClient({
      baseUrl: "http://127.0.0.1:9",
      mailboxId: "X26ABC1",
      password: "p",
      sharedKey: "k",
      retry: { retries: 0 },
    });
    expect(await failure(nowhere.handshake())).toMatchObject({ kind: "unavailable" });
    nowhere.close();
  });

  /**
   * The mailbox server answers 413 from the headers and closes the connection without reading the
   * body, so the client's kernel may receive a reset that discards the 413 before Node reads it
   * (the client then sees EPIPE/ECONNRESET, kind unavailable). Until the server drains or
   * lingers on close, try a few times and require that every failure is one of those two.
   */
  function tooLarge(sender: ReturnType<typeof as>): Promise<MeshError> {
    return failure(sender.send(Buffer.alloc(30_000_000), { to: "X26ABC2", workflowId: freshWorkflow() }, { chunkSize: 30_000_000 }));
  }

  it("looks up endpoints and searches workflows", async () => {
    const client = as("X26ABC1");
    expect(await client.lookupEndpoint("X26", "TEST_WORKFLOW")).toEqual([{ mailboxId: "X26ABC2", mailboxName: "TESTMB2" }]);
    expect(await client.lookupEndpoint("X26", "NO_SUCH_WORKFLOW")).toEqual([]);
    const ids = (await client.searchWorkflow("TEST_WORKFLOW2")).map((r) => r.mailboxId).sort();
    expect(ids).toEqual(["X26ABC1", "X26ABC2", "X26ABC3"]);
  });

  it("reads a mailbox's workflows and delivery rules from the mailbox server", async () => {
    const configuration = await as("Y90001OT", { password: "riverside-mesh-pw" }).mailboxConfiguration();
    expect(configuration).toMatchObject({ mailboxId: "Y90001OT", mailboxName: "Riverside Medical Practice", rules: [] });
    expect(configuration?.workflows.any).toBe(false);
    expect(configuration?.workflows.send).toContain("MAILROOM_FILE");
    expect((await as("X26ABC1").mailboxConfiguration())?.workflows).toEqual({ any: true, send: [], receive: [] });
  });

  it("lists the rich inbox and outbox where offered", async () => {
    const workflowId = freshWorkflow();
    const sent = await as("X26ABC1").send("rich", { to: "X26ABC2", workflowId });
    const inbox = await as("X26ABC2").richInbox();
    const outbox = await as("X26ABC1").richOutbox();
    // null means "not offered"; when offered, the message must be there.
    if (inbox) expect(inbox.find((m) => m.messageId === sent.messageId)).toMatchObject({ workflowId, sender: "X26ABC1" });
    if (outbox) expect(outbox.find((m) => m.messageId === sent.messageId)).toMatchObject({ workflowId, recipient: "X26ABC2" });
  });

  it("works from the command line", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mesh-cli-"));
    try {
      const file = path.join(dir, "letter.txt");
      writeFileSync(file, "Dear colleague,\n");
      const env = { MESH_URL: mailbox.url };
      const run = async (...argv: string[]) => {
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        const out = text(stdout);
        const err = text(stderr);
        const code = await runMeshCli(argv, env, { stdout, stderr });
        stdout.end();
        stderr.end();
        return { code, out: await out, err: await err };
      };
      const workflowId = freshWorkflow();
      const send = await run("send", file, "--to", "X26ABC2", "--workflow", workflowId, "--gzip");
      expect(send.code).toBe(0);
      const id = send.out.trim();
      expect((await run("inbox", "--mailbox", "X26ABC2", "--filter", workflowId)).out).toBe(`${id}\n`);
      const out = path.join(dir, "copy.txt");
      expect((await run("download", id, "--mailbox", "X26ABC2", "--out", out)).code).toBe(0);
      expect(readFileSync(out, "utf8")).toBe("Dear colleague,\n");
      expect((await run("ack", id, "--mailbox", "X26ABC2")).code).toBe(0);
      expect((await run("track", id)).out).toMatch(/status\s+acknowledged/);
      const bad = await run("send", file, "--to", "NOBODY1", "--workflow", workflowId);
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/recipient/);
      expect((await run("send", file)).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("MESH client over mutual TLS", () => {
  let certs: TestCertificates | undefined;
  let mailbox: RunningMailbox | undefined;
  const pem = (name: string) => certs!.file(name);

  beforeAll(async () => {
    certs = makeTestCertificates("mesh-mtls", { clientCn: "SERVER001.X26.api.mesh-client.nhs.uk" });
    mailbox = await startMailbox({
      env: { MAILBOX_TLS_CERT: pem("server.pem"), MAILBOX_TLS_KEY: pem("server.key"), MAILBOX_TLS_CA: pem("ca.pem") },
    });
  });
  afterAll(async () => {
    await mailbox?.stop();
    certs?.remove();
  });

  it("talks to a server that requires a client certificate", async () => {
    expect(mailbox?.url).toMatch(/^https:/);
    const base = { baseUrl: mailbox?.url ?? "", password: "password", sharedKey: "TestKey", retry: { retries: 0 } };
    const tls = { cert: pem("client.pem"), key: pem("client.key"), ca: pem("ca.pem") };
    const sender = createMeshClient({ ...base, mailboxId: "X26ABC1", tls });
    const recipient = createMeshClient({
      ...base,
      mailboxId: "X26ABC2",
      tls: { ...tls, cert: readFileSync(pem("client.pem")), key: readFileSync(pem("client.key"), "utf8") },
    });
    try {
      await sender.handshake();
      const workflowId = freshWorkflow();
      const sent = await sender.send("over TLS", { to: "X26ABC2", workflowId });
      expect(await text((await recipient.download(sent.messageId)).body)).toBe("over TLS");

      const noCert = createMeshClient({ ...base, mailboxId: "X26ABC1", tls: { ca: pem("ca.pem") } });
      expect(await failure(noCert.handshake())).toMatchObject({ kind: "unavailable" });
      noCert.close();
      const untrusted = createMeshClient({ ...base, mailboxId: "X26ABC1", tls: { cert: tls.cert, key: tls.key } });
      const error = await failure(untrusted.handshake());
      expect(error.kind).toBe("unavailable");
      expect(error.message).toMatch(/TLS/);
      untrusted.close();
    } finally {
      sender.close();
      recipient.close();
    }
  });
});
