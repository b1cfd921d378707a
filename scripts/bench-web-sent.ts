/**
 * `npm run bench:web` (second part): the Sent page and its refresher, on a built `next start` with
 * PostgreSQL when one answers, else PGlite. Prints figures beside their targets; asserts nothing.
 *
 *   1. Sent page with 10,000 sent messages: median server time of the first page (GET /mailboxes/R9XRECS1/sent).
 *   2. The refresher's MESH calls in one hour for 10,000 sent messages of which 1,000 are not final: the
 *      real claim query and schedule run minute by minute on a simulated clock; each claim is one call.
 *
 * Options: --sent N (default 10000), --pending N (default 1000), --requests N (default 20).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDb } from "../lib/db/app-db";
import { claimDueChecks, rescheduleCheck } from "../lib/db/queries/sent-tracking";
import { sentMessages } from "../lib/db/schema";
import { seedDemoDataIfEmpty } from "../lib/db/seed";
import { DEFAULT_SENT_TRACKING_SCHEDULE, nextCheckAt, parseSchedule } from "../lib/mailboxes/sent-schedule";
import { createThrowawayPostgres } from "../lib/testing/throwaway-postgres";
import { startWebApp } from "../lib/testing/web-app";
import { cis2Claims, signInThroughFakeIssuer } from "../lib/testing/web-sign-in";
import { startFakeIssuer } from "../services/identity/testing/fake-issuer";
import { Browser } from "../services/identity/testing/http-client";
import { median, option } from "./bench-support";

const SENDER = "R9XRECS1";
const RECIPIENTS = ["Y90001OT", "Y90002OT", "R9XPATH1"];
const TARGET_MS = 300;
const PER_MAILBOX_PER_MINUTE = 20;
const TICK_MS = 15_000;

const SENT = option("sent", 10_000);
const PENDING = Math.min(option("pending", 1_000), SENT);
const REQUESTS = option("requests", 20);

const log = (line: string) => process.stdout.write(`${line}\n`);

async function databaseUrl(cleanups: (() => Promise<unknown>)[]): Promise<string> {
  const server = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const probe = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3_000 });
  const up = await probe.connect().then(
    () => true,
    () => false,
  );
  await probe.end().catch(() => undefined);
  if (up) {
    const db = await createThrowawayPostgres(server);
    cleanups.push(db.drop);
    log("Database: PostgreSQL (throwaway database)");
    return db.url;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailroom-bench-sent-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  log("Database: PGlite (temporary directory)");
  return `pglite://${path.join(dir, "app")}`;
}

/** 10,000 sent rows over the last 30 days; the newest `PENDING` still waiting, scheduled as the refresher would have. */
async function fill(url: string, key: Buffer, now: Date, steps: number[]) {
  const opened = await openDb(url);
  await seedDemoDataIfEmpty(opened.db, key);
  const span = 30 * 24 * 3600_000;
  const pendingSpan = 5 * 24 * 3600_000;
  const rows = Array.from({ length: SENT }, (_, i) => {
    const pending = i < PENDING;
    const sentAt = new Date(now.getTime() - (pending ? (i / PENDING) * pendingSpan : pendingSpan + (i / SENT) * (span - pendingSpan)));
    // How many checks the schedule would have made by now, and when the next falls due.
    let checks = 0;
    let last = sentAt;
    while (pending) {
      const next = nextCheckAt(sentAt, checks, last, steps);
      if (next > now) break;
      checks++;
      last = next;
    }
    return {
      mailboxId: SENDER,
      messageId: `2026${String(i).padStart(16, "0")}_BENCH${String(i % 10)}`,
      sentBy: "555000000003",
      recipientMailboxId: RECIPIENTS[i % RECIPIENTS.length] as string,
      workflowId: "MAILROOM_FILE",
      subject: `Bench message ${i}`,
      fileName: `bench-${String(i).padStart(5, "0")}.csv`,
      contentType: "text/csv",
      sizeBytes: 1_000 + i,
      sentAt,
      status: pending ? ("accepted" as const) : i % 10 === 0 ? ("undeliverable" as const) : ("acknowledged" as const),
      statusUpdatedAt: sentAt,
      checkCount: checks,
      nextCheckAt: pending ? nextCheckAt(sentAt, checks, last, steps) : null,
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await opened.db.insert(sentMessages).values(rows.slice(i, i + 1000));
  await opened.close();
}

/** One simulated hour of the refresher: ticks every 15 s, the real claim query, every claim counted as one MESH call. */
async function simulateHour(url: string, start: Date, steps: number[]) {
  const opened = await openDb(url);
  let calls = 0;
  let perMinuteMax = 0;
  const minuteCounts = new Map<number, number>();
  for (let t = 0; t < 3600_000; t += TICK_MS) {
    const now = new Date(start.getTime() + t);
    const claimed = await claimDueChecks(opened.db, { now, perMailboxPerMinute: PER_MAILBOX_PER_MINUTE, limit: 200, claimMs: 120_000 });
    calls += claimed.length;
    const minute = Math.floor(t / 60_000);
    minuteCounts.set(minute, (minuteCounts.get(minute) ?? 0) + claimed.length);
    perMinuteMax = Math.max(perMinuteMax, minuteCounts.get(minute) ?? 0);
    // MESH says "still waiting" for each: the worst case, as every message stays in the schedule.
    for (const check of claimed) {
      await rescheduleCheck(opened.db, {
        mailboxId: check.mailboxId,
        messageId: check.messageId,
        nextCheckAt: nextCheckAt(check.sentAt, check.checkCount, now, steps),
        failed: false,
        now,
      });
    }
  }
  await opened.close();
  return { calls, perMinuteMax };
}

async function main() {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    const url = await databaseUrl(cleanups);
    const key = randomBytes(32);
    const steps = parseSchedule(DEFAULT_SENT_TRACKING_SCHEDULE) as number[];
    const now = new Date();
    log(`Recording ${SENT} sent messages (${PENDING} not final) in the sent index…`);
    await fill(url, key, now, steps);

    const fake = await startFakeIssuer({ claims: cis2Claims("grace.okafor") });
    cleanups.push(() => fake.close());
    // The refresher's own loop stays out of the page timing: its first round is after the bench.
    const app = await startWebApp({
      env: { OIDC_ISSUER: fake.issuer, DATABASE_URL: url, CREDENTIALS_KEY: key.toString("base64"), SENT_TRACKING_TICK_SECONDS: "3600" },
    });
    const browser = new Browser();
    await signInThroughFakeIssuer(browser, app, fake.issuer);
    const sentUrl = `${app.url}/mailboxes/${SENDER}/sent`;
    const first = await browser.request(sentUrl);
    const body = await first.text();
    if (first.status !== 200 || !body.includes("bench-"))
      throw new Error(`the Sent page answered ${first.status}:\n${app.output().slice(-3000)}`);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      await (await browser.request(sentUrl)).text();
      times.push(performance.now() - started);
    }
    await app.stop();

    log("Simulating one hour of the refresher (15-second ticks)…");
    const { calls, perMinuteMax } = await simulateHour(url, now, steps);

    const ms = median(times);
    log("");
    log(
      `Sent first page, ${SENT} messages (median of ${REQUESTS}): ${ms.toFixed(0)} ms  target ≤ ${TARGET_MS} ms  ${ms <= TARGET_MS ? "meets target" : "MISSES target"}`,
    );
    log(`  all: ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
    log(
      `Refresher, ${SENT} sent of which ${PENDING} not final, schedule ${DEFAULT_SENT_TRACKING_SCHEDULE}: ${calls} MESH calls in one hour` +
        ` (busiest minute ${perMinuteMax}, bound ${PER_MAILBOX_PER_MINUTE} per mailbox per minute; final messages: 0 calls)`,
    );
  } finally {
    await cleanup();
  }
}

await main();
