/**
 * The download half of `npm run bench:web` (issue 17 item 5): one file through the web app's content
 * route vs straight from the mailbox server, in the same run, as a ratio; and the web process's RSS
 * growth during it. Prints figures; asserts nothing.
 *
 * The target is judged against the direct client without gzip: the web app asks a mailbox server on
 * this machine for no gzip, so that client does the same work minus the web hop. The gzip-accepting
 * client (what mesh-client and lib/mesh do by default) is printed for reference.
 */
import http from "node:http";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AD_HOC_WORKFLOW } from "../lib/demo/data";
import type { MeshClient } from "../lib/mesh";
import type { WebApp } from "../lib/testing/web-app";
import type { Browser } from "../services/identity/testing/http-client";
import { hopFloor } from "./bench-forwarder";
import { cpuDuring, cpuSummary, pushCpu, type CpuRounds } from "./bench-process";
import { list, mark, median } from "./bench-support";

const TARGETS = { downloadRatio: 1.2, rssGrowthMb: 64 };

export type DownloadBench = {
  app: WebApp;
  browser: Browser;
  /** The receiving mailbox, as the browser's person opens it. */
  mailboxId: string;
  sender: MeshClient;
  /** lib/mesh clients of the receiving mailbox: the default one (gzip) and one asking for no gzip. */
  gzip: MeshClient;
  identity: MeshClient;
  /** `identity` through a bare forwarder (scripts/bench-forwarder.ts), and that forwarder's pid. */
  forwarded: MeshClient;
  forwarderPid: number;
  /** Web process and mailbox server, for CPU time. */
  webPid: number;
  mailboxPid: number;
  memory: () => { rss: number; hwm: number };
  resetPeak: () => boolean;
  rounds: number;
  log: (line: string) => void;
};

const sink = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

/**
 * GET with node:http, as the direct download uses, so the ratio compares the web hop and not two
 * HTTP clients (undici's fetch is slower than node:http on loopback).
 */
function httpDownload(url: URL, browser: Browser): Promise<number> {
  const cookie = browser.cookieHeader(url);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`download answered ${res.statusCode}`));
      let received = 0;
      res.on("data", (part: Buffer) => (received += part.length));
      res.once("end", () => resolve(received));
      res.once("error", reject);
    });
    req.once("error", reject);
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function benchDownloads(b: DownloadBench, megabytes: number): Promise<void> {
  b.log(`Sending one ${megabytes} MB message…`);
  const size = megabytes * 1_000_000;
  const { messageId } = await b.sender.send(Buffer.alloc(size, 0x5a), {
    to: b.mailboxId,
    workflowId: AD_HOC_WORKFLOW,
    fileName: "big.dat",
  });
  const url = new URL(`${b.app.url}/api/mailboxes/${b.mailboxId}/messages/${messageId}/content`);
  const direct = async (client: MeshClient) => pipeline((await client.download(messageId)).body, sink());

  const gzip: number[] = [];
  const identity: number[] = [];
  const web: number[] = [];
  const forwarded: number[] = [];
  const directCpu: CpuRounds = {};
  const forwardedCpu: CpuRounds = {};
  const webCpu: CpuRounds = {};
  let growthMb = 0;
  let peakReset = false;
  for (let round = 0; round < b.rounds; round++) {
    gzip.push(await timed(() => direct(b.gzip)));
    const plain = await cpuDuring([b.mailboxPid, process.pid], () => timed(() => direct(b.identity)));
    identity.push(plain.result);
    pushCpu(directCpu, ["mailbox", "client"], plain.cpu);
    const hop = await cpuDuring([b.forwarderPid, b.mailboxPid, process.pid], () => timed(() => direct(b.forwarded)));
    forwarded.push(hop.result);
    pushCpu(forwardedCpu, ["forwarder", "mailbox", "client"], hop.cpu);

    const before = b.memory();
    peakReset = b.resetPeak();
    const through = await cpuDuring([b.webPid, b.mailboxPid, process.pid], () =>
      timed(async () => {
        const received = await httpDownload(url, b.browser);
        if (received !== size) throw new Error(`download gave ${received} bytes, expected ${size}`);
      }),
    );
    web.push(through.result);
    pushCpu(webCpu, ["web", "mailbox", "client"], through.cpu);
    const after = b.memory();
    growthMb = Math.max(growthMb, ((peakReset ? after.hwm : after.rss) - before.rss) / 1024);
  }
  const ratio = median(web) / median(identity);

  b.log("");
  b.log(
    `${megabytes} MB download, the web hop: web ${median(web).toFixed(0)} ms, direct without gzip ${median(identity).toFixed(0)} ms, ratio ${ratio.toFixed(2)}×  target ≤ ${TARGETS.downloadRatio}×  ${mark(ratio <= TARGETS.downloadRatio)}`,
  );
  b.log(`  web: ${list(web)} ms; direct without gzip: ${list(identity)} ms (medians of ${b.rounds})`);
  b.log(
    `  for reference, direct with gzip (a standard MESH client): ${median(gzip).toFixed(0)} ms (${list(gzip)}), web / that = ${(median(web) / median(gzip)).toFixed(2)}×`,
  );
  b.log(hopFloor(forwarded, identity, web, forwardedCpu));
  b.log(cpuSummary("download", directCpu, webCpu, median));
  b.log(
    `Web process RSS growth during the download (${peakReset ? "VmHWM after reset" : "VmRSS, peak not resettable"} − VmRSS before, worst of ${b.rounds}): ${growthMb.toFixed(1)} MiB  target ≤ ${TARGETS.rssGrowthMb} MB  ${mark(growthMb <= TARGETS.rssGrowthMb)}`,
  );
}
