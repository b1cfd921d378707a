/**
 * `npm run bench:load` (issue 18): the web app under load on loopback, bounded in time and count.
 * 50 signed-in people poll their inbox and Sent pages while 10 transfers at a time upload a 50 MB file
 * through the web app and download it again as the recipient, for 5 minutes. Prints p50 / p95 / p99
 * latency per route, the errors (target 0) and the web process's RSS peak. Asserts nothing; not part
 * of `npm test`. Needs a production build and a PostgreSQL server (the made-up people's grants are
 * written straight into the app database, which PGlite would not share with the web process).
 *
 * Options: --people N (50), --minutes N (5), --poll-seconds N (5), --transfers N (10),
 * --megabytes N (50), --transfer-every N (15 seconds between the starts of one transfer's rounds),
 * --inbox-messages N (200).
 */
import { setTimeout as delay } from "node:timers/promises";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "../lib/demo/data";
import { openDb } from "../lib/db/app-db";
import { setGrant } from "../lib/db/queries/directory";
import { createMeshClient } from "../lib/mesh";
import { startWebApp } from "../lib/testing/web-app";
import { cis2Claims, signInWithClaimsThroughFakeIssuer } from "../lib/testing/web-sign-in";
import { createThrowawayPostgres } from "../lib/testing/throwaway-postgres";
import { startFakeIssuer } from "../services/identity/testing/fake-issuer";
import { startMailbox } from "../services/mailbox/testing/spawn-mailbox";
import { memoryKb, pidListeningOn, resetPeak } from "./bench-process";
import { option, postgresUrl } from "./bench-support";
import { fillInbox, pollAsPerson, RouteRecorder, transferLoop, type Poller } from "./bench-load-traffic";

const PRACTICE = "Y90001OT";
const RECORDS = "R9XRECS1";
const PEOPLE = option("people", 50);
const MINUTES = option("minutes", 5);
const POLL_MS = option("poll-seconds", 5) * 1000;
const TRANSFERS = option("transfers", 10);
const MEGABYTES = option("megabytes", 50);
const TRANSFER_EVERY_MS = option("transfer-every", 15) * 1000;
const INBOX_MESSAGES = option("inbox-messages", 200);

const log = (line: string) => process.stdout.write(`${line}\n`);

/** A made-up person with the same CIS2 role as a demo person, so access follows the same organisation. */
function madeUpPerson(like: string, n: number): Record<string, unknown> {
  const claims = cis2Claims(like);
  const id = `7770000${String(n).padStart(5, "0")}`;
  const name = `Load Person ${n}`;
  return {
    ...claims,
    sub: id,
    uid: id,
    nhsid_useruid: id,
    name,
    given_name: "Load",
    family_name: `Person ${n}`,
    email: `load.${n}@example.nhs.uk`,
  };
}

async function main() {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    const server = await postgresUrl();
    if (!server)
      throw new Error("bench:load needs a PostgreSQL server at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)");
    const mailboxDb = await createThrowawayPostgres(server);
    const appDb = await createThrowawayPostgres(server);
    cleanups.push(mailboxDb.drop, appDb.drop);
    const started = (label: string) => log(`${new Date().toISOString().slice(11, 19)} ${label}`);

    // Room for every transfer in the recipient's store: each round adds a 50 MB file until the run ends.
    const mailbox = await startMailbox({ databaseUrl: mailboxDb.url, env: { MAILBOX_QUOTA_BYTES: String(200 * 1024 ** 3) } });
    cleanups.push(() => mailbox.stop());
    const fake = await startFakeIssuer({ claims: cis2Claims("tom.baker") });
    cleanups.push(() => fake.close());
    const app = await startWebApp({
      env: { OIDC_ISSUER: fake.issuer, DATABASE_URL: appDb.url, MESH_URL: mailbox.url, MESH_NETWORK: "hscn" },
    });
    cleanups.push(() => app.stop());
    const webPid = pidListeningOn(app.port);

    const mesh = (id: string) =>
      createMeshClient({
        baseUrl: mailbox.url,
        mailboxId: id,
        password: DEMO_MAILBOXES.find((m) => m.mailboxId === id)!.password,
        sharedKey: DEMO_SHARED_KEY,
      });
    const recordsMesh = mesh(RECORDS);
    const practiceMesh = mesh(PRACTICE);
    cleanups.push(async () => {
      recordsMesh.close();
      practiceMesh.close();
    });

    started(`filling the practice inbox with ${INBOX_MESSAGES} small messages`);
    await fillInbox(recordsMesh, PRACTICE, INBOX_MESSAGES);

    started(`signing in ${PEOPLE} people (half at the practice, half at the records office) and granting them access`);
    const { db, close } = await openDb(appDb.url);
    cleanups.push(close);
    const pollers: Poller[] = [];
    for (let n = 0; n < PEOPLE; n++) {
      const atPractice = n % 2 === 0;
      const claims = madeUpPerson(atPractice ? "tom.baker" : "grace.okafor", n);
      const browser = await signInWithClaimsThroughFakeIssuer(fake, app, claims);
      const mailboxId = atPractice ? PRACTICE : RECORDS;
      await setGrant(db, { personId: String(claims.sub), mailboxId, role: "member", grantedBy: "system" });
      pollers.push({ browser, mailboxId });
    }
    const sender = pollers.find((p) => p.mailboxId === RECORDS)!;
    const receiver = pollers.find((p) => p.mailboxId === PRACTICE)!;

    const recorder = new RouteRecorder();
    const sentIds: string[] = [];
    const before = memoryKb(webPid);
    const peakResettable = resetPeak(webPid);
    let sampledPeakKb = before.rss;
    const sampler = setInterval(() => (sampledPeakKb = Math.max(sampledPeakKb, memoryKb(webPid).rss)), 250);
    cleanups.push(async () => clearInterval(sampler));

    started(`load for ${MINUTES} min: ${PEOPLE} people polling every ${POLL_MS / 1000} s, ${TRANSFERS} × ${MEGABYTES} MB up and down`);
    const until = Date.now() + MINUTES * 60_000;
    const transfers = {
      app,
      sender,
      receiver,
      receiverMesh: practiceMesh,
      megabytes: MEGABYTES,
      everyMs: TRANSFER_EVERY_MS,
      until,
      recorder,
    };
    const progress = setInterval(() => started(`  ${recorder.errorCount()} errors so far, ${sentIds.length} files sent`), 60_000);
    cleanups.push(async () => clearInterval(progress));
    const [, rounds] = await Promise.all([
      Promise.all(
        pollers.map((person) => pollAsPerson(person, app, () => (person.mailboxId === RECORDS ? sentIds : []), recorder, POLL_MS, until)),
      ),
      Promise.all(Array.from({ length: TRANSFERS }, (_, i) => transferLoop({ ...transfers, onSent: (id) => sentIds.push(id) }, i))),
    ]);
    clearInterval(sampler);
    const after = memoryKb(webPid);
    // Whether the web app is still healthy once the load stops.
    await delay(1000);
    const health = await recorder.timed("GET inbox page (after the load)", async () => {
      const res = await receiver.browser.request(`${app.url}/mailboxes/${PRACTICE}/inbox`);
      await res.text();
      if (res.status !== 200) throw new Error(`answered ${res.status}`);
      return res.status;
    });

    log("");
    for (const line of recorder.report()) log(line);
    log("");
    const peakMiB = (peakResettable ? after.hwm : sampledPeakKb) / 1024;
    log(`transfers: ${rounds.reduce((a, b) => a + b, 0)} files of ${MEGABYTES} MB up and down (${rounds.join(", ")} per transfer)`);
    log(
      `web process RSS: ${(before.rss / 1024).toFixed(0)} MiB before, peak ${peakMiB.toFixed(0)} MiB (${peakResettable ? "VmHWM after reset" : "sampled every 250 ms"}), ${(after.rss / 1024).toFixed(0)} MiB after`,
    );
    const errors = recorder.errorCount();
    log(`errors: ${errors}  target 0  ${errors === 0 && health === 200 ? "meets target" : "MISSES target"}`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
