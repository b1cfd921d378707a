/**
 * The traffic of `npm run bench:load`: people polling their inbox and Sent pages as open tabs do, and
 * large files going up and down through the web app, each request timed per route.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { AD_HOC_WORKFLOW } from "../lib/demo/data";
import type { MeshClient } from "../lib/mesh";
import type { WebApp } from "../lib/testing/web-app";
import type { Browser } from "../services/identity/testing/http-client";
import { percentile } from "./bench-support";
import { patterned, sendKey, sha256, uploadThroughWeb } from "./bench-web-upload";

/** Latencies and failures per route. A failure is any answer but the expected one, or no answer. */
export class RouteRecorder {
  private readonly times = new Map<string, number[]>();
  private readonly failures = new Map<string, string[]>();

  async timed<T>(route: string, work: () => Promise<T>): Promise<T | undefined> {
    const started = performance.now();
    try {
      const result = await work();
      this.list(this.times, route).push(performance.now() - started);
      return result;
    } catch (error) {
      this.fail(route, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  fail(route: string, reason: string): void {
    this.list(this.failures, route).push(reason);
  }

  errorCount(): number {
    return [...this.failures.values()].reduce((sum, reasons) => sum + reasons.length, 0);
  }

  /** One line per route: count, errors, p50 / p95 / p99 / max in ms; then the first reasons of any errors. */
  report(): string[] {
    const routes = [...new Set([...this.times.keys(), ...this.failures.keys()])].sort();
    const width = Math.max(...routes.map((r) => r.length), 5);
    const lines = [`${"route".padEnd(width)}  requests  errors      p50      p95      p99      max (ms)`];
    for (const route of routes) {
      const times = this.times.get(route) ?? [];
      const errors = this.failures.get(route)?.length ?? 0;
      const cells = [50, 95, 99, 100].map((p) => (times.length ? percentile(times, p).toFixed(0) : "-").padStart(8));
      lines.push(`${route.padEnd(width)}  ${String(times.length + errors).padStart(8)}  ${String(errors).padStart(6)} ${cells.join(" ")}`);
    }
    for (const [route, reasons] of this.failures) {
      const distinct = [...new Set(reasons)].slice(0, 3);
      lines.push(`  errors on ${route}: ${distinct.join(" | ")}`);
    }
    return lines;
  }

  private list(map: Map<string, string[]>, key: string): string[];
  private list(map: Map<string, number[]>, key: string): number[];
  private list<V>(map: Map<string, V[]>, key: string): V[] {
    let values = map.get(key);
    if (!values) map.set(key, (values = []));
    return values;
  }
}

async function expectStatus(res: Response, status: number): Promise<string> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`answered ${res.status}`);
  return body;
}

export type Poller = { browser: Browser; mailboxId: string };

/**
 * One person with the inbox and Sent pages open, faster than a real tab (which polls every 20 s) so
 * that 50 of them are a load: every `everyMs` the two pages and the two polls behind them.
 */
export async function pollAsPerson(
  person: Poller,
  app: WebApp,
  sentIds: () => string[],
  recorder: RouteRecorder,
  everyMs: number,
  until: number,
): Promise<void> {
  const base = `${app.url}/mailboxes/${person.mailboxId}`;
  const api = `${app.url}/api/mailboxes/${person.mailboxId}`;
  // Spread the people over the period, as tabs opened at different times would be.
  await delay(Math.random() * everyMs);
  while (Date.now() < until) {
    const started = performance.now();
    await recorder.timed("GET inbox page", async () => expectStatus(await person.browser.request(`${base}/inbox`), 200));
    await recorder.timed("GET inbox summary", async () => expectStatus(await person.browser.request(`${api}/inbox/summary`), 200));
    await recorder.timed("GET Sent page", async () => expectStatus(await person.browser.request(`${base}/sent`), 200));
    const ids = sentIds().slice(-25);
    if (ids.length) {
      const query = new URLSearchParams(ids.map((id) => ["id", id]));
      await recorder.timed("GET Sent statuses", async () =>
        expectStatus(await person.browser.request(`${api}/sent/statuses?${query}`), 200),
      );
    }
    await delay(Math.max(0, everyMs - (performance.now() - started)));
  }
}

function downloadThroughWeb(app: WebApp, browser: Browser, mailboxId: string, messageId: string): Promise<string> {
  const url = new URL(`${app.url}/api/mailboxes/${mailboxId}/messages/${messageId}/content`);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { cookie: browser.cookieHeader(url) } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`answered ${res.statusCode}`));
        return;
      }
      const hash = createHash("sha256");
      res.on("data", (part: Buffer) => hash.update(part));
      res.once("end", () => resolve(hash.digest("hex")));
      res.once("error", reject);
    });
    req.once("error", reject);
  });
}

export type Transfers = {
  app: WebApp;
  /** The sending person's browser and mailbox, and the receiving person's. */
  sender: Poller;
  receiver: Poller;
  /** lib/mesh client of the receiving mailbox, to acknowledge what was checked so the inbox does not grow without end. */
  receiverMesh: MeshClient;
  megabytes: number;
  everyMs: number;
  until: number;
  recorder: RouteRecorder;
  /** Called with the message id of each accepted upload (the Sent pollers ask about these). */
  onSent: (messageId: string) => void;
};

/** One of the concurrent transfers: upload a file through the web app, download it as the recipient, compare, repeat. */
export async function transferLoop(t: Transfers, worker: number): Promise<number> {
  const file = patterned(t.megabytes * 1_000_000, worker);
  const expected = sha256(file);
  const upload = `POST outbox (${t.megabytes} MB upload)`;
  const download = `GET message content (${t.megabytes} MB download)`;
  const web = { app: t.app, browser: t.sender.browser, from: t.sender.mailboxId, to: t.receiver.mailboxId };
  let done = 0;
  while (Date.now() < t.until) {
    const started = performance.now();
    const name = `load-${worker}-${done}.dat`;
    const key = await t.recorder.timed("POST outbox keys", () => sendKey(web, file, name));
    const sent = key && (await t.recorder.timed(upload, () => uploadThroughWeb(web, file, expected, key)));
    if (sent) {
      t.onSent(sent.messageId);
      const received = await t.recorder.timed(download, () =>
        downloadThroughWeb(t.app, t.receiver.browser, t.receiver.mailboxId, sent.messageId),
      );
      if (received !== undefined && received !== expected) t.recorder.fail(download, "the bytes downloaded differ from those uploaded");
      await t.receiverMesh.acknowledge(sent.messageId).catch((error: unknown) => t.recorder.fail("acknowledge (lib/mesh)", String(error)));
      done++;
    }
    await delay(Math.max(0, t.everyMs - (performance.now() - started)));
  }
  return done;
}

/** Small messages straight to a mailbox with lib/mesh, so the inbox pages have rows to show. */
export async function fillInbox(sender: MeshClient, to: string, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    await sender.send(`id,value\n${n},${n * 7}\n`, {
      to,
      workflowId: AD_HOC_WORKFLOW,
      fileName: `load-${String(n).padStart(4, "0")}.csv`,
      contentType: "text/csv",
      subject: `Load test message ${n}`,
    });
  }
}
