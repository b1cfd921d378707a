// Sending a file (issue 14), over HTTP against the built app: send keys, the streamed upload to a
// real mailbox server, every refusal, and the per-network limit. Grace sends from Northgate's records
// mailbox to Riverside's practice; the practice's own MESH client checks what arrived.
import { createHash } from "node:crypto";
import http from "node:http";
import { once } from "node:events";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient, isMeshError, type MeshClient } from "@/lib/mesh";
import { startWebApp, type WebApp } from "@/lib/testing/web-app";
import { throwawayWebDatabase, type WebDatabase } from "@/lib/testing/web-database";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import type { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

const SENDER = "R9XRECS1";
const PRACTICE = "Y90001OT";
const INTERNET_LIMIT = 1_000_000;
const HSCN_LIMIT = 2_000_000;
const limits = { MAX_FILE_BYTES_INTERNET: String(INTERNET_LIMIT), MAX_FILE_BYTES_HSCN: String(HSCN_LIMIT) };

let mailbox: RunningMailbox;
let stack: SignInStack;
let hscnApp: WebApp; // loopback is in its HSCN ranges
let internetApp: WebApp; // loopback is not; 192.0.2.50 is its trusted proxy
let internetDb: WebDatabase;
let grace: Browser;
let graceOnInternet: Browser;
let dan: Browser;
let practice: MeshClient;
let sender: MeshClient;

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const bytes = (n: number, seed = 1) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251));
const answers = (file: Buffer, extra: Record<string, unknown> = {}) => ({
  recipient: PRACTICE.toLowerCase(),
  workflowId: "MAILROOM_FILE",
  subject: "Clinic list \u2013 March",
  localId: "REF-1",
  fileName: "clinic list.csv",
  size: file.length,
  contentType: "text/csv",
  ...extra,
});

type Json = Record<string, unknown>;

async function issueKey(
  browser: Browser,
  app: WebApp,
  body: Json,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json }> {
  const res = await browser.request(`${app.url}/api/mailboxes/${SENDER}/outbox/keys`, {
    method: "POST",
    headers: { "content-type": "application/json", "sec-fetch-site": "same-origin", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

async function keyFor(file: Buffer, extra: Json = {}, browser = grace, app = hscnApp): Promise<string> {
  const { status, json } = await issueKey(browser, app, answers(file, extra));
  expect(status, JSON.stringify(json)).toBe(201);
  return json.key as string;
}

type Upload = {
  key?: string;
  sha?: string;
  pieces: Buffer[];
  /** A number to declare, or "chunked" for none. Default: the pieces' total. */
  contentLength?: number | "chunked";
  /** Cut the connection after writing the pieces, as a browser that went away. */
  cut?: boolean;
  headers?: Record<string, string>;
  browser?: Browser;
  app?: WebApp;
  mailboxId?: string;
};

/** A raw HTTP upload, so the test controls Content-Length, chunking and when the connection drops. */
function upload(options: Upload): Promise<{ status: number; json: Json } | "cut"> {
  const app = options.app ?? hscnApp;
  const url = new URL(`${app.url}/api/mailboxes/${options.mailboxId ?? SENDER}/outbox`);
  const total = options.pieces.reduce((n, p) => n + p.length, 0);
  const headers: Record<string, string> = {
    cookie: (options.browser ?? grace).cookieHeader(url),
    "content-type": "application/octet-stream",
    "sec-fetch-site": "same-origin",
    ...(options.key ? { "x-mailroom-send-key": options.key } : {}),
    ...(options.sha ? { "x-mailroom-sha256": options.sha } : {}),
    ...options.headers,
  };
  if (options.contentLength !== "chunked") headers["content-length"] = String(options.contentLength ?? total);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers });
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString("utf8") || "{}") as Json }),
      );
    });
    req.on("error", (error) => (options.cut ? resolve("cut") : reject(error)));
    void (async () => {
      for (const piece of options.pieces) if (!req.write(piece)) await once(req, "drain");
      if (options.cut) {
        req.destroy();
        resolve("cut");
      } else req.end();
    })().catch(() => undefined);
  });
}

/** What the practice has waiting, by SHA-256 of the content. */
async function practiceInbox(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const id of await practice.listInbox()) {
    const download = await practice.download(id);
    const parts: Buffer[] = [];
    for await (const part of download.body) parts.push(part as Buffer);
    found.set(id, sha256(Buffer.concat(parts)));
  }
  return found;
}

/** Asks again with the same key until the first attempt has let go of it, then returns the answer. */
async function whenReleased(attempt: () => ReturnType<typeof upload>) {
  for (let i = 0; i < 50; i++) {
    const result = await attempt();
    if (result === "cut" || result.json.code !== "key-in-progress") return result;
  }
  throw new Error("the key was never released");
}

beforeAll(async () => {
  mailbox = await startMailbox();
  const meshEnv = { MESH_URL: mailbox.url, ...limits };
  stack = await startSignInStack({
    issuer: { claims: cis2Claims("grace.okafor") },
    env: { ...meshEnv, HSCN_ADDRESS_RANGES: "127.0.0.0/8" },
  });
  hscnApp = stack.app;
  internetDb = await throwawayWebDatabase();
  internetApp = await startWebApp({
    env: {
      OIDC_ISSUER: stack.fake.issuer,
      DATABASE_URL: internetDb.url,
      ...meshEnv,
      HSCN_ADDRESS_RANGES: "10.0.0.0/8",
      // Loopback is the proxy in front here: the test's requests come from it, with hops it writes.
      TRUSTED_PROXIES: "127.0.0.1, 192.0.2.50",
    },
  });
  grace = await signInDemoPersonThroughFakeIssuer(stack.fake, hscnApp, "grace.okafor");
  dan = await signInDemoPersonThroughFakeIssuer(stack.fake, hscnApp, "dan.evans");
  graceOnInternet = await signInDemoPersonThroughFakeIssuer(stack.fake, internetApp, "grace.okafor");
  const password = (id: string) => DEMO_MAILBOXES.find((m) => m.mailboxId === id)!.password;
  practice = createMeshClient({ baseUrl: mailbox.url, mailboxId: PRACTICE, password: password(PRACTICE), sharedKey: DEMO_SHARED_KEY });
  sender = createMeshClient({ baseUrl: mailbox.url, mailboxId: SENDER, password: password(SENDER), sharedKey: DEMO_SHARED_KEY });
}, 120_000);

afterAll(async () => {
  await internetApp?.stop();
  await internetDb?.drop();
  await stack?.stop();
  await mailbox?.stop();
  practice?.close();
  sender?.close();
});

describe("a good send", () => {
  it("lands in the recipient's inbox with the same SHA-256, once however often it is repeated", async () => {
    const file = bytes(300_000);
    const key = await keyFor(file);
    const first = await upload({ key, sha: sha256(file), pieces: [file] });
    expect(first, hscnApp.output()).toMatchObject({ status: 201 });
    const sent = (first as { json: Json }).json;
    expect(sent).toMatchObject({
      recipient: PRACTICE,
      workflowId: "MAILROOM_FILE",
      workflowName: "A file sent with Mailroom",
      size: file.length,
      sha256: sha256(file),
    });
    // The subject's en dash cannot travel in a MESH header; it arrives as a plain dash.
    expect(sent.subject).toBe("Clinic list - March");

    const inbox = await practiceInbox();
    expect(inbox.get(sent.messageId as string)).toBe(sha256(file));
    const headers = (await practice.download(sent.messageId as string)).headers;
    expect(headers).toMatchObject({ fileName: "clinic list.csv", checksum: `sha256:${sha256(file)}`, workflowId: "MAILROOM_FILE" });

    const replay = await upload({ key, sha: sha256(file), pieces: [file] });
    expect(replay).toMatchObject({ status: 200, json: { messageId: sent.messageId, replayed: true } });
    expect((await practiceInbox()).size).toBe(inbox.size);
  });

  it("streams a chunked body of the checked size", async () => {
    const file = bytes(700_000, 7);
    const key = await keyFor(file, { fileName: "報告.pdf" });
    const result = await upload({
      key,
      sha: sha256(file),
      pieces: [file.subarray(0, 100_000), file.subarray(100_000)],
      contentLength: "chunked",
    });
    expect(result).toMatchObject({ status: 201, json: { fileName: "%E5%A0%B1%E5%91%8A.pdf", sha256: sha256(file) } });
    expect((await practiceInbox()).get((result as { json: Json }).json.messageId as string)).toBe(sha256(file));
  });
});

describe("refusals, with nothing delivered", () => {
  let before: Map<string, string>;
  beforeAll(async () => {
    before = await practiceInbox();
  });
  afterAll(async () => {
    expect([...(await practiceInbox()).keys()]).toEqual([...before.keys()]);
  });

  it("refuses without a session, without a grant, and from another site, before reading the body", async () => {
    const file = bytes(1000);
    const key = await keyFor(file);
    const anonymous = await fetch(`${hscnApp.url}/api/mailboxes/${SENDER}/outbox`, {
      method: "POST",
      body: file,
      headers: { "x-mailroom-send-key": key },
    });
    expect(anonymous.status).toBe(401);
    expect(await upload({ key, sha: sha256(file), pieces: [file], browser: dan })).toMatchObject({ status: 404 });
    expect(await upload({ key, sha: sha256(file), pieces: [file], headers: { "sec-fetch-site": "cross-site" } })).toMatchObject({
      status: 403,
      json: { code: "cross-site" },
    });
    expect(
      await upload({ key, sha: sha256(file), pieces: [file], headers: { "sec-fetch-site": "", origin: "https://evil.example" } }),
    ).toMatchObject({
      status: 403,
    });
    // None of those used the key.
    expect(await upload({ key, sha: sha256(file), pieces: [file] })).toMatchObject({ status: 201 });
    before = await practiceInbox();
  });

  it("refuses a key from another person, an unknown key and no key", async () => {
    const file = bytes(1000);
    const key = await keyFor(file);
    expect(await upload({ key: "not-a-key", sha: sha256(file), pieces: [file] })).toMatchObject({
      status: 409,
      json: { code: "key-unknown" },
    });
    expect(await upload({ sha: sha256(file), pieces: [file] })).toMatchObject({ status: 409, json: { code: "key-unknown" } });
    const danKey = await issueKey(dan, hscnApp, answers(file));
    expect(danKey.status).toBe(404); // Dan holds no grant for Northgate's mailbox
    expect(await upload({ key, sha: sha256(file), pieces: [file], app: internetApp, browser: graceOnInternet })).toMatchObject({
      status: 409,
    });
  });

  it("refuses an empty body, and a Content-Length that is not the checked size", async () => {
    const file = bytes(5000);
    const key = await keyFor(file);
    expect(await upload({ key, sha: sha256(file), pieces: [] })).toMatchObject({ status: 400, json: { code: "file-empty" } });
    expect(await upload({ key, sha: sha256(file), pieces: [file.subarray(0, 10)] })).toMatchObject({
      status: 400,
      json: { code: "file-differs" },
    });
    const longer = Buffer.concat([file, bytes(10)]);
    expect(await upload({ key, sha: sha256(file), pieces: [longer], contentLength: "chunked" })).toMatchObject({
      status: 400,
      json: { code: "file-differs" },
    });
  });

  it("aborts when the SHA-256 differs from the browser's", async () => {
    const file = bytes(5000);
    const key = await keyFor(file);
    expect(await upload({ key, sha: sha256(bytes(5000, 9)), pieces: [file] })).toMatchObject({
      status: 422,
      json: { code: "checksum-mismatch" },
    });
    expect(await upload({ key, sha: "abc", pieces: [file] })).toMatchObject({ status: 400 });
  });

  it("cuts a body over the limit at the limit plus one byte, whatever Content-Length says", async () => {
    const atLimit = bytes(HSCN_LIMIT);
    const key = await keyFor(atLimit);
    const over = [atLimit, bytes(50_000)];
    expect(await upload({ key, sha: sha256(atLimit), pieces: over, contentLength: "chunked" })).toMatchObject({
      status: 413,
      json: { code: "file-too-large", limitBytes: HSCN_LIMIT, error: "The selected file must be 2 MB or smaller" },
    });
    expect(await upload({ key, sha: sha256(atLimit), pieces: [], contentLength: HSCN_LIMIT + 1 })).toMatchObject({ status: 413 });
  });

  it("sends nothing when the browser goes away mid-upload, and lets the same key send afterwards", async () => {
    const file = bytes(1_500_000, 3);
    const key = await keyFor(file);
    expect(await upload({ key, sha: sha256(file), pieces: [file.subarray(0, 600_000)], contentLength: file.length, cut: true })).toBe(
      "cut",
    );
    const retry = await whenReleased(() => upload({ key, sha: sha256(file), pieces: [file] }));
    expect(retry).toMatchObject({ status: 201, json: { sha256: sha256(file) } });
    const inbox = await practiceInbox();
    expect([...inbox.values()].filter((hash) => hash === sha256(file))).toHaveLength(1);
    before = inbox;
  });

  it("audits a send cut short by the browser as incomplete, not as refused by MESH", async () => {
    if (internetDb.kind !== "postgres") return; // PGlite is held open by the web process
    const file = bytes(900_000, 5);
    const key = await keyFor(file, {}, graceOnInternet, internetApp);
    const cut = { key, sha: sha256(file), pieces: [file.subarray(0, 400_000)], contentLength: file.length, cut: true };
    expect(await upload({ ...cut, browser: graceOnInternet, app: internetApp })).toBe("cut");
    const client = new pg.Client({ connectionString: internetDb.url });
    await client.connect();
    try {
      const reasons = async () =>
        (await client.query("select detail->>'reason' as reason from audit_log where action = 'send-refused'")).rows.map(
          (r: { reason: string }) => r.reason,
        );
      // The refusal is audited once the web process has seen the connection go.
      await expect.poll(reasons).toContain("upload-incomplete");
      expect(await reasons()).not.toContain("mesh-refused");
    } finally {
      await client.end();
    }
  });

  it("puts MESH's refusals on the field to change", async () => {
    const file = bytes(1000);
    const unknown = await issueKey(grace, hscnApp, answers(file, { recipient: "ZZZ99999" }));
    expect(unknown.json.recipient).toBeNull(); // check your answers: "no mailbox with this ID"
    expect(await upload({ key: unknown.json.key as string, sha: sha256(file), pieces: [file] })).toMatchObject({
      status: 422,
      json: { code: "mesh-refused", field: "recipient" },
    });
    // "Another workflow ID", typed in: the records mailbox is not registered to send it.
    const refusedWorkflow = await keyFor(file, { workflowId: "GPCONNECT_SEND_DOCUMENT" });
    expect(await upload({ key: refusedWorkflow, sha: sha256(file), pieces: [file] })).toMatchObject({
      status: 422,
      json: { code: "mesh-refused", field: "workflowId", meshCode: "16" },
    });
  });
});

describe("the form without JavaScript", () => {
  const formUrl = () => `${hscnApp.url}/api/mailboxes/${SENDER}/outbox/form`;
  const post = (form: FormData, headers: Record<string, string> = {}) =>
    grace.request(formUrl(), { method: "POST", body: form, headers: { "sec-fetch-site": "same-origin", ...headers } });
  const detailsKey = async () => {
    const { status, json } = await issueKey(grace, hscnApp, { recipient: PRACTICE, workflowId: "MAILROOM_FILE", subject: "No script" });
    expect(status).toBe(201);
    return json.key as string;
  };

  it("sends the file part, streamed, and goes on to the confirmation page", async () => {
    const file = bytes(400_000, 13);
    const form = new FormData();
    form.append("sendKey", await detailsKey());
    form.append("file", new Blob([file], { type: "text/csv" }), "results.csv");
    const res = await post(form);
    expect(res.status, hscnApp.output()).toBe(303);
    expect(res.headers.get("location")).toMatch(new RegExp(`^/mailboxes/${SENDER}/send/sent/`));
    const messageId = decodeURIComponent(new URL(res.headers.get("location")!, hscnApp.url).pathname.split("/").pop()!);
    expect((await practiceInbox()).get(messageId)).toBe(sha256(file));
    expect((await practice.download(messageId)).headers).toMatchObject({ fileName: "results.csv", subject: "No script" });
  });

  it("reads the file's name as the browser sends it (UTF-8) and writes it as MESH can carry it", async () => {
    const sent = async (name: string) => {
      const form = new FormData();
      form.append("sendKey", await detailsKey());
      form.append("file", new Blob([bytes(1000, 3)]), name);
      const res = await post(form);
      expect(res.status, hscnApp.output()).toBe(303);
      const messageId = decodeURIComponent(new URL(res.headers.get("location")!, hscnApp.url).pathname.split("/").pop()!);
      const download = await practice.download(messageId);
      download.body.resume();
      return download.headers.fileName;
    };
    expect(await sent("café.txt")).toBe("café.txt");
    expect(await sent("a–b.txt")).toBe("a-b.txt");
    expect(await sent("患者.txt")).toBe("%E6%82%A3%E8%80%85.txt");
  });

  it("names the file as the problem when its name cannot be sent", async () => {
    const key = await detailsKey();
    const form = new FormData();
    form.append("sendKey", key);
    form.append("file", new Blob([bytes(1000)]), `${"患".repeat(40)}.txt`);
    const res = await post(form);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(
      `/mailboxes/${SENDER}/send?${new URLSearchParams({ error: "file-name-invalid", key, field: "file" })}`,
    );
  });

  it("refuses a file that comes before the answers, and a form with no file", async () => {
    const before = await practice.listInbox();
    const key = await detailsKey();
    const fileFirst = new FormData();
    fileFirst.append("file", new Blob([bytes(1000)]), "early.csv");
    fileFirst.append("sendKey", key);
    const early = await post(fileFirst, { accept: "application/json" });
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject({ code: "answers-invalid" });
    const noFile = new FormData();
    noFile.append("sendKey", key);
    noFile.append("file", new Blob([]), "");
    const res = await post(noFile);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(
      `/mailboxes/${SENDER}/send?${new URLSearchParams({ error: "file-empty", key, field: "file" })}`,
    );
    expect(await practice.listInbox()).toEqual(before);
  });
});

describe("check your answers", () => {
  it("names the recipient as MESH reports it and shows names as they will arrive", async () => {
    const { status, json } = await issueKey(grace, hscnApp, answers(bytes(10), { fileName: "notes \u2013 v2.txt" }));
    expect(status).toBe(201);
    expect(json).toMatchObject({
      recipient: { mailboxId: PRACTICE, receivesWorkflow: true },
      arrives: { fileName: "notes - v2.txt" },
      limitBytes: HSCN_LIMIT,
    });
    expect((json.recipient as Json).name).toBeTruthy();
    const bad = await issueKey(grace, hscnApp, { ...answers(bytes(10)), recipient: "NOT A MAILBOX", subject: "x".repeat(501) });
    expect(bad.status).toBe(400);
    expect((bad.json.errors as Json[]).map((e) => e.field).sort()).toEqual(["recipient", "subject"]);
  });
});

describe("the limit follows the person's network", () => {
  const file = bytes(1_500_000, 5);

  it("gives an HSCN address 100 MB (here the configured 2 MB) and another address 50 MB (here 1 MB)", async () => {
    expect((await issueKey(grace, hscnApp, answers(file))).status).toBe(201);
    const internet = await issueKey(graceOnInternet, internetApp, answers(file));
    expect(internet).toMatchObject({ status: 400, json: { limitBytes: INTERNET_LIMIT } });
    const small = await issueKey(graceOnInternet, internetApp, answers(bytes(10)));
    expect(
      await upload({ key: small.json.key as string, sha: sha256(file), pieces: [file], app: internetApp, browser: graceOnInternet }),
    ).toMatchObject({
      status: 413,
      json: { limitBytes: INTERNET_LIMIT },
    });
  });

  it("believes X-Forwarded-For only through a trusted proxy", async () => {
    const limitWith = async (forwardedFor: string) =>
      (await issueKey(graceOnInternet, internetApp, answers(bytes(10)), { "x-forwarded-for": forwardedFor })).json.limitBytes;
    expect(await limitWith("10.1.2.3, 192.0.2.50")).toBe(HSCN_LIMIT);
    expect(await limitWith("10.1.2.3, 192.0.2.99")).toBe(INTERNET_LIMIT);
    expect(await limitWith("203.0.113.9, 192.0.2.50")).toBe(INTERNET_LIMIT);
  });

  it("believes no X-Forwarded-For hop without a trusted proxy: a client cannot name its own address", async () => {
    // The HSCN app trusts no proxy, and loopback is on HSCN: a forged outside address changes nothing.
    const forged = await issueKey(grace, hscnApp, answers(bytes(10)), { "x-forwarded-for": "203.0.113.9" });
    expect(forged.json.limitBytes).toBe(HSCN_LIMIT);
  });
});

describe("the mailbox server", () => {
  it("shows nothing of a POST cut off mid-body", async () => {
    const before = await practice.listInbox();
    const controller = new AbortController();
    const file = bytes(3_000_000, 11);
    const attempt = sender.send(
      file,
      { to: PRACTICE, workflowId: "MAILROOM_FILE" },
      { signal: controller.signal, onProgress: (n) => n > 1_000_000 && controller.abort() },
    );
    await expect(attempt).rejects.toSatisfy((error) => isMeshError(error, "cancelled"));
    expect(await practice.listInbox()).toEqual(before);
  });
});

// Last: it stops the mailbox server under the web app.
describe("MESH unreachable", () => {
  it("gets a problem page saying what to try, and the same answers send once MESH is back", async () => {
    const { json } = await issueKey(grace, hscnApp, { recipient: PRACTICE, workflowId: "MAILROOM_FILE", subject: "Retried" });
    const key = json.key as string;
    const file = bytes(50_000, 17);
    const form = () => {
      const body = new FormData();
      body.append("sendKey", key);
      body.append("file", new Blob([file], { type: "text/csv" }), "retried.csv");
      return body;
    };
    const post = () =>
      grace.request(`${hscnApp.url}/api/mailboxes/${SENDER}/outbox/form`, {
        method: "POST",
        body: form(),
        headers: { "sec-fetch-site": "same-origin" },
      });
    await mailbox.kill();
    const refused = await post();
    expect(refused.status, hscnApp.output()).toBe(303);
    const problemUrl = new URL(refused.headers.get("location")!, hscnApp.url);
    expect(Object.fromEntries(problemUrl.searchParams)).toMatchObject({ error: "mesh-unreachable", key });

    const page = await grace.request(problemUrl.href);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Your file was not sent");
    expect(html).toContain("Nothing reached the recipient");
    expect(html).toContain(`href="/mailboxes/${SENDER}/send/check?key=${encodeURIComponent(key)}"`);

    await mailbox.restart();
    const retried = await post();
    expect(retried.status, hscnApp.output()).toBe(303);
    expect(retried.headers.get("location")).toMatch(new RegExp(`^/mailboxes/${SENDER}/send/sent/`));
  });
});
