import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMeshClient } from "./client";
import { buildSendHeaders } from "./send";
import { MESH_ENVIRONMENTS } from "./environments";
import { MeshError, isMeshError } from "./errors";
import { failure } from "./testing";
import { isRetryable, withRetry } from "./http";
import { MESH_CLIENT_NAME, MESH_CLIENT_VERSION } from "./version";

describe("buildSendHeaders", () => {
  const meta = {
    to: " x26abc2 ",
    workflowId: "TEST_WORKFLOW",
    subject: "Discharge summary",
    localId: "ref-1",
    fileName: "summary.csv",
    contentType: "text/csv",
    checksum: "sha256:abc",
    encrypted: true,
  };

  it("puts all metadata on chunk 1", () => {
    expect(buildSendHeaders(meta, 1, 1, 42, false)).toEqual({
      "mex-chunk-range": "1:1",
      "content-length": "42",
      "content-type": "text/csv",
      "mex-to": "X26ABC2",
      "mex-workflowid": "TEST_WORKFLOW",
      "mex-subject": "Discharge summary",
      "mex-localid": "ref-1",
      "mex-filename": "summary.csv",
      "mex-content-checksum": "sha256:abc",
      "mex-content-type": "text/csv",
      "mex-content-encrypted": "Y",
    });
  });

  it("sends chunks of a chunked message as octet-stream, later ones without metadata", () => {
    expect(buildSendHeaders(meta, 1, 3, 10, true)).toMatchObject({
      "mex-chunk-range": "1:3",
      "content-type": "application/octet-stream",
      "content-encoding": "gzip",
      "mex-content-type": "text/csv",
    });
    expect(buildSendHeaders(meta, 2, 3, 10, true)).toEqual({
      "mex-chunk-range": "2:3",
      "content-length": "10",
      "content-type": "application/octet-stream",
      "content-encoding": "gzip",
    });
  });

  it.each([
    [{ to: "" }, /recipient/],
    [{ workflowId: " " }, /workflow id/],
    [{ subject: "line\nbreak" }, /mex-subject contains characters/],
    [{ subject: "x".repeat(501) }, /longer than 500/],
    [{ checksum: "md5=abc" }, /checksum may contain only/],
    [{ to: "https://evil.example" }, /must not be a URL/],
  ])("rejects %o before sending", (override, message) => {
    expect(() => buildSendHeaders({ ...meta, ...override }, 1, 1, 1, false)).toThrow(message);
  });
});

describe("retry rules", () => {
  const policy = { retries: 3, baseDelayMs: 0, maxDelayMs: 0 };
  const noWait = async () => undefined;

  it("retries transient statuses and connection failures, nothing else", () => {
    const status = (s: number) =>
      new MeshError("x", { kind: s >= 500 || s === 425 || s === 429 ? "unavailable" : "bad-request", status: s });
    expect([425, 429, 502, 503, 504].every((s) => isRetryable(status(s)))).toBe(true);
    expect([400, 403, 404, 500, 417].some((s) => isRetryable(status(s)))).toBe(false);
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(isRetryable(new MeshError("x", { kind: "unavailable", cause: refused }))).toBe(true);
    expect(isRetryable(new MeshError("x", { kind: "timeout" }))).toBe(false);
  });

  it("backs off exponentially and gives up after the configured retries", async () => {
    const waits: number[] = [];
    let calls = 0;
    const error = await failure(
      withRetry(
        async () => {
          calls++;
          throw new MeshError("busy", { kind: "unavailable", status: 503 });
        },
        { retries: 3, baseDelayMs: 100, maxDelayMs: 250 },
        undefined,
        async (ms) => void waits.push(ms),
      ),
    );
    expect(error.status).toBe(503);
    expect(calls).toBe(4);
    expect(waits).toEqual([100, 200, 250]);
  });

  it("returns the first success", async () => {
    let calls = 0;
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw new MeshError("busy", { kind: "unavailable", status: 429 });
        return "ok";
      },
      policy,
      undefined,
      noWait,
    );
    expect([value, calls]).toEqual(["ok", 3]);
  });
});

describe("configuration", () => {
  it("names Mailroom with the package version", () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    expect(MESH_CLIENT_NAME).toBe("mailroom");
    expect(MESH_CLIENT_VERSION).toBe(pkg.version);
  });

  it("offers the integration and live presets", () => {
    expect(MESH_ENVIRONMENTS.integration.url).toBe("https://msg.intspineservices.nhs.uk");
    expect(MESH_ENVIRONMENTS.live.url).toBe("https://mesh-sync.spineservices.nhs.uk");
    expect(MESH_ENVIRONMENTS["live-hscn"].deprecated).toBe(true);
  });

  it("refuses chunks above 100 MB and unreadable certificate files", () => {
    const base = { baseUrl: "https://example.invalid", mailboxId: "X26ABC1", password: "p", sharedKey: "k" };
    expect(() => createMeshClient({ ...base, chunkSize: 100_000_001 })).toThrow(/chunk size/);
    expect(() => createMeshClient({ ...base, tls: { cert: "/nonexistent/cert.pem" } })).toThrow(/client certificate file/);
  });
});

// A scripted stand-in for a remote MESH server, for answers a correct server never gives
// (malformed bodies, 503s, stalls, foreign links). The real mailbox server is exercised in
// client.integration.test.ts.
type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer };
type Script = (req: Seen, res: http.ServerResponse) => void;

describe("client against a scripted server", () => {
  let server: http.Server;
  let baseUrl: string;
  let seen: Seen[] = [];
  let script: Script = (_req, res) => res.end();
  const requestListener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const entry = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(parts) };
      seen.push(entry);
      script(entry, res);
    });
  };

  beforeAll(async () => {
    server = http.createServer(requestListener);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen = [];
  });

  const client = (extra: Partial<Parameters<typeof createMeshClient>[0]> = {}) =>
    createMeshClient({
      baseUrl,
      mailboxId: "x26abc1",
      password: "password",
      sharedKey: "TestKey",
      retry: { baseDelayMs: 0 },
      ...extra,
    });
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  it("sends the identifying headers on handshake and a fresh token per request", async () => {
    script = (_req, res) => res.end();
    const mesh = client();
    await mesh.handshake();
    await mesh.handshake();
    const [first, second] = seen;
    expect(first?.method).toBe("POST");
    expect(first?.url).toBe("/messageexchange/X26ABC1");
    expect(first?.headers).toMatchObject({
      accept: "application/vnd.mesh.v2+json",
      "mex-clientversion": "mailroom==0.1.0",
    });
    expect(first?.headers["mex-osname"]).toBeTruthy();
    expect(first?.headers["mex-osversion"]).toBeTruthy();
    expect(first?.headers["user-agent"]).toMatch(/^mailroom;0\.1\.0;/);
    expect(first?.headers.authorization).toMatch(/^NHSMESH X26ABC1:/);
    expect(first?.headers.authorization).not.toBe(second?.headers.authorization);
    mesh.close();
  });

  it("retries a read on 503 with a new token", async () => {
    let calls = 0;
    script = (_req, res) => (++calls === 1 ? json(res, 503, { message: "busy" }) : json(res, 200, { count: 4 }));
    const mesh = client();
    expect(await mesh.inboxCount()).toBe(4);
    expect(seen).toHaveLength(2);
    expect(seen[0]?.headers.authorization).not.toBe(seen[1]?.headers.authorization);
    mesh.close();
  });

  it("never retries the first POST of a message", async () => {
    script = (_req, res) => json(res, 503, { message: "busy" });
    const mesh = client();
    const error = await failure(mesh.send("hello", { to: "X26ABC2", workflowId: "WF" }));
    expect(error).toMatchObject({ kind: "unavailable", status: 503 });
    expect(seen).toHaveLength(1);
    mesh.close();
  });

  it("spools input of unknown length, declares N on chunk 1 and retries later chunks", async () => {
    let chunk3Failures = 0;
    script = (req, res) => {
      if (req.url.endsWith("/outbox")) return json(res, 202, { message_id: "M1" });
      if (req.url.endsWith("/3") && chunk3Failures++ === 0) return json(res, 502, {});
      json(res, 202, null);
    };
    const mesh = client({ chunkSize: 4 });
    const progress: number[] = [];
    const source = Readable.from([Buffer.from("abcdefg"), Buffer.from("hij")]);
    const result = await mesh.send(source, { to: "X26ABC2", workflowId: "WF" }, { compress: true, onProgress: (n) => progress.push(n) });
    expect(result).toEqual({ messageId: "M1", chunkCount: 3, bytes: 10 });
    expect(seen.map((s) => [s.url, s.headers["mex-chunk-range"], gunzipSync(s.body).toString()])).toEqual([
      ["/messageexchange/X26ABC1/outbox", "1:3", "abcd"],
      ["/messageexchange/X26ABC1/outbox/M1/2", "2:3", "efgh"],
      ["/messageexchange/X26ABC1/outbox/M1/3", "3:3", "ij"],
      ["/messageexchange/X26ABC1/outbox/M1/3", "3:3", "ij"],
    ]);
    expect(seen.every((s) => s.headers["content-encoding"] === "gzip")).toBe(true);
    expect(progress.at(-1)).toBe(10);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    mesh.close();
  });

  it("never sends the last chunk when the input is longer than its declared size", async () => {
    script = (req, res) => (req.url.endsWith("/outbox") ? json(res, 202, { message_id: "M2" }) : json(res, 202, null));
    const mesh = client({ chunkSize: 4 });
    const error = await failure(mesh.send(Buffer.from("abcdefghij"), { to: "X26ABC2", workflowId: "WF" }, { size: 8 }));
    expect(error.kind).toBe("bad-request");
    expect(seen.map((s) => s.headers["mex-chunk-range"])).toEqual(["1:2"]);
    mesh.close();
  });

  it("abandons the send when the input stream fails", async () => {
    script = (req, res) => (req.url.endsWith("/outbox") ? json(res, 202, { message_id: "M4" }) : json(res, 202, null));
    const mesh = client({ chunkSize: 4 });
    const broken = new Readable({ read() {} });
    broken.push(Buffer.from("abcdef"));
    setImmediate(() => broken.destroy(new Error("browser went away")));
    const error = await failure(mesh.send(broken, { to: "X26ABC2", workflowId: "WF" }, { size: 12 }));
    expect(error).toMatchObject({ kind: "cancelled" });
    expect(error.message).toMatch(/browser went away/);
    expect(seen.map((s) => s.headers["mex-chunk-range"])).toEqual(["1:3"]);
    mesh.close();
  });

  it("streams each chunk from the input as it arrives, without retrying a streamed chunk", async () => {
    let chunk2Calls = 0;
    script = (req, res) => {
      if (req.url.endsWith("/outbox")) return json(res, 202, { message_id: "M5" });
      if (req.url.endsWith("/2") && chunk2Calls++ === 0) return json(res, 502, {});
      json(res, 202, null);
    };
    const mesh = client({ chunkSize: 4 });
    const pieces = ["ab", "cd", "e", "fgh", "ij"].map((p) => Buffer.from(p));
    const error = await failure(mesh.send(Readable.from(pieces), { to: "X26ABC2", workflowId: "WF" }, { size: 10 }));
    // A chunk taken from the stream is gone once sent, so a failed one ends the send.
    expect(error).toMatchObject({ kind: "unavailable", status: 502 });
    expect(seen.map((s) => [s.headers["mex-chunk-range"], s.headers["content-length"], s.body.toString()])).toEqual([
      ["1:3", "4", "abcd"],
      ["2:3", "4", "efgh"],
    ]);
    seen = [];
    const progress: number[] = [];
    const sent = await mesh.send(
      Readable.from(pieces),
      { to: "X26ABC2", workflowId: "WF" },
      { size: 10, onProgress: (n) => progress.push(n) },
    );
    expect(sent).toEqual({ messageId: "M5", chunkCount: 3, bytes: 10 });
    expect(seen.map((s) => s.body.toString())).toEqual(["abcd", "efgh", "ij"]);
    expect(progress.at(-1)).toBe(10);
    mesh.close();
  });

  it("cuts the last request short when the input fails a check at its end, so the message is never completed", async () => {
    script = (req, res) => (req.url.endsWith("/outbox") ? json(res, 202, { message_id: "M6" }) : json(res, 202, null));
    const cut: string[] = [];
    const onRequest = (req: http.IncomingMessage) =>
      req.once("close", () => req.complete || cut.push(String(req.headers["mex-chunk-range"])));
    server.on("request", onRequest);
    const mesh = client({ chunkSize: 4 });
    // As the upload route's checked body does: every byte arrives, then the checksum differs.
    async function* checked() {
      for (const p of ["abc", "def", "gh", "i", "j"]) yield Buffer.from(p);
      throw new Error("the SHA-256 differs from the browser's");
    }
    const error = await failure(mesh.send(Readable.from(checked()), { to: "X26ABC2", workflowId: "WF" }, { size: 10 }));
    expect(error).toMatchObject({ kind: "cancelled" });
    expect(error.message).toMatch(/SHA-256 differs/);
    expect(seen.map((s) => s.headers["mex-chunk-range"])).toEqual(["1:3", "2:3"]);
    await expect.poll(() => cut).toEqual(["3:3"]);
    server.off("request", onRequest);
    mesh.close();
  });

  it("follows relative next links and refuses links to another origin", async () => {
    script = (req, res) => {
      if (req.url.includes("continue_from=B")) return json(res, 200, { messages: ["C"], links: {} });
      if (req.url.includes("continue_from=evil")) return json(res, 200, { messages: [], links: { next: "https://evil.example/x" } });
      json(res, 200, { messages: ["A", "B"], links: { next: "/messageexchange/X26ABC1/inbox?max_results=10&continue_from=B" } });
    };
    const mesh = client();
    expect(await mesh.listInbox({ maxResults: 10, workflowFilter: "!*_ACK*" })).toEqual(["A", "B", "C"]);
    expect(new URL(seen[0]?.url ?? "", baseUrl).searchParams.get("workflow_filter")).toBe("!*_ACK*");
    const page = await mesh.listInboxPage({ next: "/messageexchange/X26ABC1/inbox?continue_from=evil" });
    expect((await failure(mesh.listInboxPage({ next: page.next }))).kind).toBe("protocol");
    mesh.close();
  });

  it("reports a malformed answer as a protocol error", async () => {
    script = (_req, res) => json(res, 200, { messages: "not a list" });
    const mesh = client();
    expect(await failure(mesh.listInbox())).toMatchObject({ kind: "protocol" });
    script = (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>");
    expect(await failure(mesh.inboxCount())).toMatchObject({ kind: "protocol" });
    mesh.close();
  });

  it("times out a stalled server and cancels on abort", async () => {
    script = () => undefined;
    const mesh = client({ timeoutMs: 200 });
    expect(await failure(mesh.inboxCount())).toMatchObject({ kind: "timeout" });
    const controller = new AbortController();
    const pending = mesh.track("M1", { signal: controller.signal });
    controller.abort();
    expect(await failure(pending)).toMatchObject({ kind: "cancelled" });
    mesh.close();
  });

  it("downloads gzip and plain parts as one stream, fetching later chunks lazily", async () => {
    script = (req, res) => {
      if (req.url.endsWith("/inbox/M3")) {
        res.writeHead(206, { "mex-chunk-range": "1:2", "mex-messageid": "M3", "content-encoding": "gzip" });
        return res.end(gzipSync("first,"));
      }
      res.writeHead(200, { "mex-chunk-range": "2:2", "mex-messageid": "M3" });
      res.end("second");
    };
    const mesh = client();
    const download = await mesh.download("M3");
    expect(download.headers).toMatchObject({ messageId: "M3", chunkCount: 2 });
    expect(seen).toHaveLength(1);
    const parts: Buffer[] = [];
    for await (const part of download.body) parts.push(part as Buffer);
    expect(Buffer.concat(parts).toString()).toBe("first,second");
    expect(seen.map((s) => [s.url, s.headers["accept-encoding"]])).toEqual([
      ["/messageexchange/X26ABC1/inbox/M3", "gzip"],
      ["/messageexchange/X26ABC1/inbox/M3/2", "gzip"],
    ]);
    mesh.close();
  });

  it("treats a missing rich view as not offered", async () => {
    script = (_req, res) => json(res, 404, { detail: [{ event: "", code: "", msg: "Not Found" }] });
    const mesh = client();
    expect(await mesh.richInbox()).toBeNull();
    // NHS MESH has no outbox list: the Sent page's fill then adds nothing (docs/sent.md).
    expect(await mesh.richOutboxPage({ maxResults: 100 })).toBeNull();
    expect(isMeshError(await failure(mesh.track("M9")), "not-found")).toBe(true);
    mesh.close();
  });

  it("treats a missing configuration view as not offered, as NHS MESH answers it", async () => {
    script = (_req, res) => json(res, 404, { detail: [{ event: "", code: "", msg: "Not Found" }] });
    const mesh = client();
    expect(await mesh.mailboxConfiguration()).toBeNull();
    script = (_req, res) => json(res, 403, { detail: [{ event: "AUTH", code: "403", msg: "Forbidden" }] });
    expect(await failure(mesh.mailboxConfiguration())).toMatchObject({ kind: "unauthorised" });
    mesh.close();
  });
});
