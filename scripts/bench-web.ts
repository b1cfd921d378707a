/**
 * `npm run bench:web`: the web app's figures on the real stack (mailbox server, built `next start`,
 * PostgreSQL when one answers, else PGlite). Prints figures beside their targets; asserts nothing.
 *
 *   1. Inbox with 10,000 messages: the first visit (which indexes them), then the median server time of
 *      GET /mailboxes/Y90001OT/inbox.
 *   2. A 100 MB download through the web app vs straight from the mailbox server without gzip (time
 *      ratio, scripts/bench-web-download.ts), with each process's CPU time per download.
 *   3. The web process's RSS growth during that download (VmHWM after − VmRSS before).
 *   4. Uploads through the send route (scripts/bench-web-upload.ts): ratio to lib/mesh, RSS growth,
 *      10 concurrent 50 MB uploads.
 *   5. The audit log viewer over 100,000 entries and its hash-chain check (scripts/bench-web-audit.ts).
 *
 * `--only audit` runs step 5 alone; --audit-entries N changes its count. `--only transfers` runs steps
 * 2–4 alone (`--only downloads`: 2–3, `--only uploads`: 4). BENCH_WEB_NODE_OPTIONS becomes the web
 * process's NODE_OPTIONS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). Options: --messages N (default 10000), --requests N (default 20), --megabytes N
 * (default 100), --rounds N (timed transfers of each kind, default 3; the medians are printed).
 * Needs a production build (`npm run build`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AD_HOC_WORKFLOW, DEMO_MAILBOXES, DEMO_SHARED_KEY } from "../lib/demo/data";
import { createMeshClient, type MeshClient } from "../lib/mesh";
import { startWebApp, type WebApp } from "../lib/testing/web-app";
import { cis2Claims, signInThroughFakeIssuer } from "../lib/testing/web-sign-in";
import { startFakeIssuer } from "../services/identity/testing/fake-issuer";
import { Browser } from "../services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "../services/mailbox/testing/spawn-mailbox";
import { createThrowawayPostgres } from "../lib/testing/throwaway-postgres";
import { benchAuditViewer } from "./bench-web-audit";
import { memoryKb, pidListeningOn, resetPeak } from "./bench-process";
import { mark, median, option, postgresUrl } from "./bench-support";
import { benchDownloads } from "./bench-web-download";
import { benchUploads } from "./bench-web-upload";
import { startForwarder } from "./bench-forwarder";

const PRACTICE = "Y90001OT";
const SENDER = "R9XRECS1";
const TARGETS = { firstPageMs: 300, firstVisitMs: 2000 };

const MESSAGES = option("messages", 10_000);
const REQUESTS = option("requests", 20);
const MEGABYTES = option("megabytes", 100);
const AUDIT_ENTRIES = option("audit-entries", 100_000);
const ROUNDS = option("rounds", 3);
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;

const log = (line: string) => process.stdout.write(`${line}\n`);
async function sendMany(sender: MeshClient, count: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      await sender.send(`id,value\n${n},${n * 7}\n`, {
        to: PRACTICE,
        workflowId: AD_HOC_WORKFLOW,
        fileName: `bench-${String(n).padStart(5, "0")}.csv`,
        contentType: "text/csv",
        subject: `Bench message ${n}`,
      });
      if ((n + 1) % 1000 === 0) log(`  sent ${n + 1}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return performance.now() - started;
}

/** Step 1: the inbox with MESSAGES messages, its first visit and its first page. */
async function benchInbox(sender: MeshClient, browser: Browser, app: WebApp): Promise<void> {
  log(`Sending ${MESSAGES} small messages through lib/mesh to ${PRACTICE}…`);
  const sendMs = await sendMany(sender, MESSAGES);
  log(`  ${MESSAGES} sent in ${(sendMs / 1000).toFixed(1)} s (${(MESSAGES / (sendMs / 1000)).toFixed(0)}/s)`);

  const inboxUrl = `${app.url}/mailboxes/${PRACTICE}/inbox`;

  // The first visit indexes the 10,000 messages (the listing, then the rich inbox's pages, ADR 0112); timed separately.
  const indexStart = performance.now();
  const first = await browser.request(inboxUrl);
  const firstBody = await first.text();
  const indexMs = performance.now() - indexStart;
  if (first.status !== 200) throw new Error(`inbox answered ${first.status}:\n${app.output().slice(-3000)}`);
  if (!firstBody.includes("bench-")) log("  warning: the inbox page does not list the bench messages; check the inbox page");
  log(
    `  first visit (indexes the inbox): ${indexMs.toFixed(0)} ms  target ≤ ${TARGETS.firstVisitMs} ms  ${mark(indexMs <= TARGETS.firstVisitMs)}`,
  );

  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await browser.request(inboxUrl);
    await res.text();
    times.push(performance.now() - started);
  }
  const firstPageMs = median(times);

  log(
    `Inbox first page, ${MESSAGES} messages (median of ${REQUESTS}): ${firstPageMs.toFixed(0)} ms  target ≤ ${TARGETS.firstPageMs} ms  ${mark(firstPageMs <= TARGETS.firstPageMs)}`,
  );
  log(`  all: ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
}

async function main() {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

  try {
    const server = await postgresUrl();
    log(`Database: ${server ? "PostgreSQL (throwaway databases)" : "PGlite (temporary directories)"}`);
    let mailboxDb: string | undefined;
    let appDb: string;
    if (server) {
      const m = await createThrowawayPostgres(server);
      const a = await createThrowawayPostgres(server);
      cleanups.push(m.drop, a.drop);
      mailboxDb = m.url;
      appDb = a.url;
    } else {
      const dir = mkdtempSync(path.join(os.tmpdir(), "mailroom-bench-"));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      appDb = `pglite://${path.join(dir, "app")}`;
    }

    const mailbox: RunningMailbox = await startMailbox({ databaseUrl: mailboxDb });
    cleanups.push(() => mailbox.stop());
    const fake = await startFakeIssuer({ claims: cis2Claims("priya.shah") });
    cleanups.push(() => fake.close());
    const app: WebApp = await startWebApp({
      env: {
        OIDC_ISSUER: fake.issuer,
        DATABASE_URL: appDb,
        MESH_URL: mailbox.url,
        MESH_NETWORK: "hscn",
        // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the web process alone.
        ...(process.env.BENCH_WEB_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_WEB_NODE_OPTIONS } : {}),
      },
    });
    cleanups.push(() => app.stop());
    const webPid = pidListeningOn(app.port);

    const password = (id: string) => DEMO_MAILBOXES.find((m) => m.mailboxId === id)!.password;
    const sender = createMeshClient({ baseUrl: mailbox.url, mailboxId: SENDER, password: password(SENDER), sharedKey: DEMO_SHARED_KEY });
    // Two direct clients: a standard MESH client (gzip, as mesh-client and lib/mesh do by default), and one
    // with the web app's own setting for a mailbox server on this machine (no gzip), which isolates the web hop.
    const practice = createMeshClient({
      baseUrl: mailbox.url,
      mailboxId: PRACTICE,
      password: password(PRACTICE),
      sharedKey: DEMO_SHARED_KEY,
    });
    const practiceIdentity = createMeshClient({
      baseUrl: mailbox.url,
      mailboxId: PRACTICE,
      password: password(PRACTICE),
      sharedKey: DEMO_SHARED_KEY,
      acceptGzip: false,
    });
    // The same client one bare hop away: the floor of any web hop in this run (scripts/bench-forwarder.ts).
    const forwarder = await startForwarder(mailbox.url);
    cleanups.push(async () => forwarder.stop());
    const practiceForwarded = createMeshClient({
      baseUrl: forwarder.url,
      mailboxId: PRACTICE,
      password: password(PRACTICE),
      sharedKey: DEMO_SHARED_KEY,
      acceptGzip: false,
    });
    cleanups.push(async () => {
      sender.close();
      practice.close();
      practiceIdentity.close();
      practiceForwarded.close();
    });

    if (ONLY === "audit") {
      const admin = new Browser();
      await signInThroughFakeIssuer(admin, app, fake.issuer);
      await benchAuditViewer({ app, browser: admin, appDb, mailboxId: PRACTICE, entries: AUDIT_ENTRIES, requests: REQUESTS, log });
      return;
    }

    const browser = new Browser();
    await signInThroughFakeIssuer(browser, app, fake.issuer);
    const transfersOnly = ONLY === "transfers" || ONLY === "downloads" || ONLY === "uploads";
    if (!transfersOnly) await benchInbox(sender, browser, app);

    const mailboxPid = pidListeningOn(mailbox.port);
    if (ONLY !== "uploads")
      await benchDownloads(
        {
          app,
          browser,
          mailboxId: PRACTICE,
          sender,
          gzip: practice,
          identity: practiceIdentity,
          forwarded: practiceForwarded,
          forwarderPid: forwarder.pid,
          webPid,
          mailboxPid,
          memory: () => memoryKb(webPid),
          resetPeak: () => resetPeak(webPid),
          rounds: ROUNDS,
          log,
        },
        MEGABYTES,
      );

    if (ONLY === "downloads") return;
    log(`Uploading through the send route…`);
    await benchUploads(
      {
        app,
        browser,
        from: PRACTICE,
        to: SENDER,
        sender: practiceIdentity,
        forwarded: practiceForwarded,
        forwarderPid: forwarder.pid,
        recipient: sender,
        memory: () => memoryKb(webPid),
        resetPeak: () => resetPeak(webPid),
        webPid,
        mailboxPid,
        rounds: ROUNDS,
        log,
      },
      MEGABYTES,
    );

    if (!transfersOnly)
      await benchAuditViewer({ app, browser, appDb, mailboxId: PRACTICE, entries: AUDIT_ENTRIES, requests: REQUESTS, log });
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
