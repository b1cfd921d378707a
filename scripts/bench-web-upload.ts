/**
 * The upload half of `npm run bench:web` (issue 14): (a) one file through the web app's upload route vs
 * the same bytes straight to the mailbox server with lib/mesh, as a ratio; (b) the web process's RSS
 * growth during it; (c) 10 concurrent 50 MB uploads, each checked by SHA-256 at the recipient, and the
 * web process's peak RSS. Prints figures; asserts nothing.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { AD_HOC_WORKFLOW } from "../lib/demo/data";
import type { MeshClient } from "../lib/mesh";
import type { WebApp } from "../lib/testing/web-app";
import type { Browser } from "../services/identity/testing/http-client";
import { cpuDuring, cpuSummary, pushCpu, type CpuRounds } from "./bench-process";
import { list, mark, median } from "./bench-support";
import { hopFloor } from "./bench-forwarder";

const TARGETS = { uploadRatio: 1.3, rssGrowthMb: 64, concurrentPeakMb: 400 };

export type UploadBench = {
  app: WebApp;
  browser: Browser;
  /** Mailbox the browser's person sends from, and the one that receives. */
  from: string;
  to: string;
  /** lib/mesh clients of the sending and the receiving mailbox. */
  sender: MeshClient;
  /** `sender` through a bare forwarder (scripts/bench-forwarder.ts), and that forwarder's pid. */
  forwarded: MeshClient;
  forwarderPid: number;
  recipient: MeshClient;
  memory: () => { rss: number; hwm: number };
  resetPeak: () => boolean;
  /** Web process and mailbox server, for CPU time. */
  webPid: number;
  mailboxPid: number;
  rounds: number;
  log: (line: string) => void;
};

/** Who sends through the web app: its person's browser, from one mailbox to another. */
export type WebSender = Pick<UploadBench, "app" | "browser" | "from" | "to">;

export const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
export const patterned = (size: number, seed: number) => {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) data.fill((i / 4096 + seed) % 251, i, Math.min(size, i + 4096));
  return data;
};

export async function sendKey(b: WebSender, file: Buffer, name: string): Promise<string> {
  const res = await b.browser.request(`${b.app.url}/api/mailboxes/${b.from}/outbox/keys`, {
    method: "POST",
    headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
    body: JSON.stringify({ recipient: b.to, workflowId: AD_HOC_WORKFLOW, fileName: name, size: file.length }),
  });
  const json = (await res.json()) as { key?: string };
  if (res.status !== 201 || !json.key) throw new Error(`send key refused (${res.status}): ${JSON.stringify(json)}`);
  return json.key;
}

/** `fileSha256` is worked out beforehand, as the browser does before it sends: not part of the timed upload. */
export function uploadThroughWeb(b: WebSender, file: Buffer, fileSha256: string, key: string): Promise<{ messageId: string }> {
  const url = new URL(`${b.app.url}/api/mailboxes/${b.from}/outbox`);
  const headers = {
    cookie: b.browser.cookieHeader(url),
    "sec-fetch-site": "same-origin",
    "content-type": "application/octet-stream",
    "content-length": String(file.length),
    "x-mailroom-send-key": key,
    "x-mailroom-sha256": fileSha256,
  };
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => {
        const body = Buffer.concat(parts).toString("utf8");
        if (res.statusCode === 201) resolve(JSON.parse(body) as { messageId: string });
        else reject(new Error(`upload answered ${res.statusCode}: ${body}`));
      });
    });
    req.on("error", reject);
    req.end(file);
  });
}

async function receivedSha256(recipient: MeshClient, messageId: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const part of (await recipient.download(messageId)).body) hash.update(part as Buffer);
  await recipient.acknowledge(messageId);
  return hash.digest("hex");
}

export async function benchUploads(b: UploadBench, megabytes: number): Promise<void> {
  const size = megabytes * 1_000_000;
  const file = patterned(size, 1);
  const expected = sha256(file);
  const web: number[] = [];
  const direct: number[] = [];
  const forwarded: number[] = [];
  const directCpu: CpuRounds = {};
  const forwardedCpu: CpuRounds = {};
  const webCpu: CpuRounds = {};
  let growthMb = 0;
  for (let round = 0; round < b.rounds; round++) {
    let started = performance.now();
    const straight = await cpuDuring([b.mailboxPid, process.pid], () =>
      b.sender.send(file, { to: b.to, workflowId: AD_HOC_WORKFLOW, fileName: "direct.dat" }, { size }),
    );
    direct.push(performance.now() - started);
    pushCpu(directCpu, ["mailbox", "client"], straight.cpu);
    await receivedSha256(b.recipient, straight.result.messageId);

    started = performance.now();
    const hop = await cpuDuring([b.forwarderPid, b.mailboxPid, process.pid], () =>
      b.forwarded.send(file, { to: b.to, workflowId: AD_HOC_WORKFLOW, fileName: "forwarded.dat" }, { size }),
    );
    forwarded.push(performance.now() - started);
    pushCpu(forwardedCpu, ["forwarder", "mailbox", "client"], hop.cpu);
    await receivedSha256(b.recipient, hop.result.messageId);

    const key = await sendKey(b, file, "through-web.dat");
    const before = b.memory();
    const peakReset = b.resetPeak();
    started = performance.now();
    const through = await cpuDuring([b.webPid, b.mailboxPid, process.pid], () => uploadThroughWeb(b, file, expected, key));
    web.push(performance.now() - started);
    pushCpu(webCpu, ["web", "mailbox", "client"], through.cpu);
    const { messageId } = through.result;
    const after = b.memory();
    growthMb = Math.max(growthMb, ((peakReset ? after.hwm : after.rss) - before.rss) / 1024);
    if ((await receivedSha256(b.recipient, messageId)) !== expected) throw new Error("the uploaded file arrived changed");
  }
  const ratio = median(web) / median(direct);

  const concurrent = Array.from({ length: 10 }, (_, i) => patterned(50_000_000, 10 + i));
  const keys = await Promise.all(concurrent.map((f, i) => sendKey(b, f, `concurrent-${i}.dat`)));
  const before = b.memory();
  const peakReset = b.resetPeak();
  const started = performance.now();
  const hashes = concurrent.map(sha256);
  const sent = await Promise.all(concurrent.map((f, i) => uploadThroughWeb(b, f, hashes[i]!, keys[i]!)));
  const concurrentMs = performance.now() - started;
  const peakMb = (peakReset ? b.memory().hwm : Math.max(b.memory().rss, before.rss)) / 1024;
  let intact = 0;
  for (const [i, { messageId }] of sent.entries()) if ((await receivedSha256(b.recipient, messageId)) === hashes[i]) intact++;

  b.log("");
  b.log(
    `${megabytes} MB upload: web ${median(web).toFixed(0)} ms, direct with lib/mesh ${median(direct).toFixed(0)} ms, ratio ${ratio.toFixed(2)}×  target ≤ ${TARGETS.uploadRatio}×  ${mark(ratio <= TARGETS.uploadRatio)}`,
  );
  b.log(`  web: ${list(web)} ms; direct: ${list(direct)} ms (medians of ${b.rounds})`);
  b.log(hopFloor(forwarded, direct, web, forwardedCpu));
  b.log(cpuSummary("upload", directCpu, webCpu, median));
  b.log(
    `Web process RSS growth during the upload (worst of ${b.rounds}): ${growthMb.toFixed(1)} MiB  target ≤ ${TARGETS.rssGrowthMb} MB  ${mark(growthMb <= TARGETS.rssGrowthMb)}`,
  );
  b.log(
    `10 concurrent 50 MB uploads: ${(concurrentMs / 1000).toFixed(1)} s, ${intact}/10 intact by SHA-256, web RSS peak ${peakMb.toFixed(0)} MiB  target ≤ ${TARGETS.concurrentPeakMb} MB  ${mark(intact === 10 && peakMb <= TARGETS.concurrentPeakMb)}`,
  );
}
