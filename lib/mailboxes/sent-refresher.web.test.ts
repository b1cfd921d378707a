// The sent-status refresher in two built web processes sharing one PostgreSQL database and one mailbox server:
// MESH is asked about each due message once, no more than the per-mailbox bound in a minute, and the next check
// of each message is spaced out by the schedule.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient } from "@/lib/mesh";
import { logLines } from "@/lib/testing/log-lines";
import { startWebApp, type WebApp } from "@/lib/testing/web-app";
import { postgresProblem, throwawayPostgres, type WebDatabase } from "@/lib/testing/web-database";
import { startFakeIssuer, type FakeIssuer } from "@/services/identity/testing/fake-issuer";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

const SENDER = "R9XRECS1";
const PRACTICE = "Y90001OT";
const MESSAGES = 12;
const PER_MINUTE = 5;
const skip = await postgresProblem();

let mailbox: RunningMailbox;
let issuer: FakeIssuer;
let database: WebDatabase;
const apps: WebApp[] = [];
const ids: string[] = [];

beforeAll(async () => {
  [mailbox, issuer, database] = await Promise.all([startMailbox({ quiet: false }), startFakeIssuer(), throwawayPostgres()]);
  const env = {
    OIDC_ISSUER: issuer.issuer,
    DATABASE_URL: database.url,
    MESH_URL: mailbox.url,
    SENT_TRACKING_TICK_SECONDS: "1",
    SENT_TRACKING_PER_MAILBOX_PER_MINUTE: String(PER_MINUTE),
    LOG_LEVEL: "debug",
    // Both processes read the credentials the first one stored.
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
  };
  // One after the other: the first applies the migrations and seeds the demo mailboxes.
  apps.push(await startWebApp({ env }));
  apps.push(await startWebApp({ env }));

  const records = DEMO_MAILBOXES.find((m) => m.mailboxId === SENDER)!;
  const sender = createMeshClient({ baseUrl: mailbox.url, mailboxId: SENDER, password: records.password, sharedKey: DEMO_SHARED_KEY });
  for (let i = 0; i < MESSAGES; i++) {
    ids.push((await sender.send(`row ${i}\n`, { to: PRACTICE, workflowId: "MAILROOM_FILE", fileName: `r${i}.csv` })).messageId);
  }
  sender.close();
  // Recorded as Mailroom records a send, all due now.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  for (const id of ids) {
    await client.query(
      `insert into sent_messages (mailbox_id, message_id, sent_by, recipient_mailbox_id, workflow_id, file_name, sent_at, status_updated_at, next_check_at)
       values ($1, $2, 'system', $3, 'MAILROOM_FILE', 'r.csv', now(), now(), now())`,
      [SENDER, id, PRACTICE],
    );
  }
  await client.end();
}, 180_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await issuer?.close();
  await mailbox?.stop();
  await database?.drop();
});

const trackingCalls = () =>
  logLines(mailbox.output()).filter((line) => line.msg === "request" && String(line.path).endsWith(`/${SENDER}/outbox/tracking`));
const checks = (app: WebApp) => logLines(app.output()).filter((line) => line.msg === "sent message checked");
const rounds = (app: WebApp) => logLines(app.output()).filter((line) => line.msg === "sent status refresher round").length;

describe.skipIf(skip)("the sent-status refresher across two web processes", () => {
  it("asks MESH about each due message once, within the per-mailbox bound per minute, and spaces the next check", async () => {
    await expect.poll(() => trackingCalls().length, { timeout: 30_000 }).toBe(PER_MINUTE);
    // Both processes go on looking several times more within the same minute: the bound holds for both.
    const seen = apps.map(rounds);
    await expect.poll(() => apps.every((app, i) => rounds(app) >= (seen[i] as number) + 3), { timeout: 20_000 }).toBe(true);
    expect(trackingCalls()).toHaveLength(PER_MINUTE);

    const checked = apps.flatMap((app) => checks(app).map((line) => String(line.messageId)));
    expect(checked).toHaveLength(PER_MINUTE);
    expect(new Set(checked).size).toBe(PER_MINUTE);
    expect(checked.every((id) => ids.includes(id))).toBe(true);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ gap_s: number; check_count: number }>(
      `select extract(epoch from next_check_at - last_checked_at)::float as gap_s, check_count
       from sent_messages where last_checked_at is not null`,
    );
    await client.end();
    expect(rows).toHaveLength(PER_MINUTE);
    // The second check of the default schedule is 5 minutes after sending.
    for (const row of rows) {
      expect(row.check_count).toBe(1);
      expect(row.gap_s).toBeGreaterThan(4 * 60);
    }
  });
});
