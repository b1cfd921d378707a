// Faults between the web app and MESH (issue 18, item 3), with the real processes: the mailbox server
// killed during an upload and during a download, and a MESH that stalls. The web app reaches the
// mailbox server through a fault proxy and is never restarted; MESH_TIMEOUT_SECONDS is 5.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { startOutboxUpload } from "@/lib/testing/outbox-upload";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient, type MeshClient } from "@/lib/mesh";
import { startFaultProxy, type FaultProxy } from "@/lib/testing/fault-proxy";
import type { WebApp } from "@/lib/testing/web-app";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import type { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";
import { SERVICE_PROBLEM } from "./download";

const SENDER = "R9XRECS1"; // Grace's mailbox: she sends from it and downloads what the practice sends to it
const PRACTICE = "Y90001OT";
const SYNC_PROBLEM = "We could not check the mailbox for new messages";

let mailbox: RunningMailbox;
let proxy: FaultProxy;
let stack: SignInStack;
let app: WebApp;
let grace: Browser;
let practice: MeshClient;

type Json = Record<string, unknown>;
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const bytes = (n: number, seed = 1) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251));
const contentUrl = (id: string) => `${app.url}/api/mailboxes/${SENDER}/messages/${id}/content`;

async function keyFor(file: Buffer): Promise<string> {
  const res = await grace.request(`${app.url}/api/mailboxes/${SENDER}/outbox/keys`, {
    method: "POST",
    headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
    body: JSON.stringify({
      recipient: PRACTICE,
      workflowId: "MAILROOM_FILE",
      fileName: "faults.bin",
      size: file.length,
      contentType: "application/octet-stream",
    }),
  });
  const json = (await res.json()) as Json;
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json.key as string;
}

/** A raw upload written piece by piece; `beforePiece` runs before each write (to break something mid-way). */
function upload(
  key: string,
  file: Buffer,
  pieces: number,
  beforePiece?: (i: number) => Promise<void>,
): Promise<{ status: number; json: Json }> {
  const req = startOutboxUpload(app.url, grace, SENDER, key, file);
  const answer = new Promise<{ status: number; json: Json }>((resolve) => {
    // The app may answer and close while pieces are still on the way; the browser then reports a lost
    // connection, which is status 0 here.
    req.on("error", () => resolve({ status: 0, json: {} }));
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString("utf8") || "{}") as Json }),
      );
    });
  });
  void (async () => {
    const size = Math.ceil(file.length / pieces);
    for (let i = 0; i < pieces; i++) {
      await beforePiece?.(i);
      if (req.destroyed) return;
      if (!req.write(file.subarray(i * size, (i + 1) * size))) await once(req, "drain");
    }
    req.end();
  })().catch(() => undefined); // the app may answer (and close) before the last piece
  return answer;
}

/** Ids and SHA-256 of what the practice has waiting, asked of the mailbox server directly. */
async function practiceInbox(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const id of await practice.listInbox()) {
    const parts: Buffer[] = [];
    for await (const part of (await practice.download(id)).body) parts.push(part as Buffer);
    found.set(id, sha256(Buffer.concat(parts)));
  }
  return found;
}

/** Reads a response body to the end: "complete", or the error that cut it short. */
async function readToEnd(res: Response, reader = res.body!.getReader()): Promise<{ outcome: "complete" | "cut"; bytes: Buffer }> {
  const parts: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { outcome: "complete", bytes: Buffer.concat(parts) };
      parts.push(value);
    }
  } catch {
    return { outcome: "cut", bytes: Buffer.concat(parts) };
  }
}

/** Polls until the web app has let go of every connection through the proxy (none left hanging). */
async function expectNoConnectionLeft() {
  for (let i = 0; i < 100 && proxy.openConnections() > 0; i++) await delay(100);
  expect(proxy.openConnections()).toBe(0);
}

beforeAll(async () => {
  mailbox = await startMailbox();
  proxy = await startFaultProxy({ host: "127.0.0.1", port: mailbox.port });
  stack = await startSignInStack({
    issuer: { claims: cis2Claims("grace.okafor") },
    env: { MESH_URL: proxy.url(), MESH_TIMEOUT_SECONDS: "5" },
  });
  ({ app } = stack);
  grace = await signInDemoPersonThroughFakeIssuer(stack.fake, app, "grace.okafor");
  const password = DEMO_MAILBOXES.find((m) => m.mailboxId === PRACTICE)!.password;
  practice = createMeshClient({ baseUrl: mailbox.url, mailboxId: PRACTICE, password, sharedKey: DEMO_SHARED_KEY });
});

afterAll(async () => {
  practice?.close();
  await stack?.stop();
  await proxy?.close();
  await mailbox?.stop();
});

describe("the mailbox server killed", () => {
  it("during an upload: a clear error, nothing in the recipient's inbox, and the same send works once it is back", async () => {
    const file = bytes(2_500_000, 5);
    const key = await keyFor(file);
    const before = await practiceInbox();
    const failed = await upload(key, file, 10, async (i) => {
      if (i === 4) await mailbox.kill();
    });
    // Either MESH's silence is reported, or (the answer racing the rest of the body) the connection drops.
    if (failed.status !== 0) {
      expect(failed, app.output()).toMatchObject({
        status: 503,
        json: { code: "mesh-unreachable", error: "MESH could not be reached, so nothing was sent." },
      });
      expect(failed.json.whatToTry).toBeTruthy();
    }

    await mailbox.restart();
    expect([...(await practiceInbox()).keys()]).toEqual([...before.keys()]);
    // The first attempt lets go of its send key once the web app has seen MESH fail: until then a retry
    // is refused as in progress (409), or its answer races the body (0).
    let retried = await upload(key, file, 1);
    for (let i = 0; i < 50 && (retried.status === 0 || retried.json.code === "key-in-progress"); i++) {
      await delay(200);
      retried = await upload(key, file, 1);
    }
    expect(retried, app.output()).toMatchObject({ status: 201 });
    expect((await practiceInbox()).get(retried.json.messageId as string)).toBe(sha256(file));
  });

  it("during a download: the download is cut short (never complete-looking), and works once it is back", async () => {
    const file = bytes(6 * 1024 * 1024, 9);
    const { messageId } = await practice.send(
      file,
      { to: SENDER, workflowId: "MAILROOM_FILE", fileName: "scan.dat", checksum: `sha256:${sha256(file)}` },
      { chunkSize: 1024 * 1024 },
    );
    const res = await grace.request(contentUrl(messageId));
    expect(res.status, app.output()).toBe(200);
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await mailbox.kill();
    const cut = await readToEnd(res, reader);
    expect(cut.outcome).toBe("cut");
    expect(cut.bytes.length).toBeLessThan(file.length);

    const whileDown = await grace.request(contentUrl(messageId));
    expect(whileDown.status).toBe(503);
    expect(await whileDown.json()).toEqual({ error: SERVICE_PROBLEM });

    await mailbox.restart();
    const again = await readToEnd(await grace.request(contentUrl(messageId)));
    expect(again.outcome).toBe("complete");
    expect(sha256(again.bytes)).toBe(sha256(file));
  });
});

describe("a MESH that stalls", () => {
  let small: string;
  let large: string;
  let largeFile: Buffer;

  beforeAll(async () => {
    small = (await practice.send("a short letter", { to: SENDER, workflowId: "MAILROOM_FILE", fileName: "letter.txt" })).messageId;
    largeFile = bytes(1_500_000, 3);
    large = (await practice.send(largeFile, { to: SENDER, workflowId: "MAILROOM_FILE", fileName: "large.dat" })).messageId;
    // Indexed while MESH still answers, so the message routes reach MESH only for the bytes.
    const inbox = await grace.request(`${app.url}/mailboxes/${SENDER}/inbox`);
    expect(await inbox.text()).toContain("large.dat");
  });

  it("gives up on each request after MESH_TIMEOUT_SECONDS, says so plainly, and leaves no connection open", async () => {
    const key = await keyFor(bytes(1000));
    await proxy.setMode({ kind: "stall" });

    // A page load asks MESH at most every 2 s; poll until one did.
    let html = "";
    for (let i = 0; i < 40 && !html.includes(SYNC_PROBLEM); i++) {
      if (i > 0) await delay(250);
      const page = await grace.request(`${app.url}/mailboxes/${SENDER}/inbox`);
      expect(page.status).toBe(200);
      html = await page.text();
    }
    expect(html).toContain(SYNC_PROBLEM);
    expect(html).toContain("large.dat"); // the index still shows what was there

    const download = await grace.request(contentUrl(small));
    expect(download.status).toBe(503);
    expect(await download.json()).toEqual({ error: SERVICE_PROBLEM });

    const sent = await upload(key, bytes(1000), 1);
    expect(sent).toMatchObject({ status: 503, json: { code: "mesh-unreachable" } });
    await expectNoConnectionLeft();
  });

  it("ends a download whose body stalls part-way instead of holding it open", async () => {
    await proxy.setMode({ kind: "stall-after", bytes: 200_000 });
    // Under 256 KB arrived, so the app may not have sent its headers yet: then the response fails outright.
    const outcome = await grace.request(contentUrl(large)).then(
      async (res) => (await readToEnd(res)).outcome,
      () => "cut" as const,
    );
    expect(outcome).toBe("cut");
    await expectNoConnectionLeft();
  });

  it("works again once MESH answers, without restarting the web app", async () => {
    await proxy.setMode({ kind: "pass" });
    const again = await readToEnd(await grace.request(contentUrl(large)));
    expect(again.outcome).toBe("complete");
    expect(sha256(again.bytes)).toBe(sha256(largeFile));
  });
});
