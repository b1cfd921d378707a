// The inbox sync against the built app and a real mailbox server: a report with a hostile file name is refused
// where it comes in, and a message MESH cannot describe is skipped and logged while the rest are indexed.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient } from "@/lib/mesh";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";
import { logLines } from "@/lib/testing/log-lines";

const PRACTICE = "Y90001OT";
const SENDER = "R9XRECS1";

let mailbox: RunningMailbox;
let stack: SignInStack;
let refused: { status: number; field: string };
let broken: string;

const injectReport = (fileName: string) =>
  fetch(`${mailbox.url}/messageexchange/admin/report`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      mailbox_id: PRACTICE,
      code: "14",
      description: "not collected",
      workflow_id: "MAILROOM_FILE",
      file_name: fileName,
    }),
  });

beforeAll(async () => {
  mailbox = await startMailbox({ env: { MAILBOX_ADMIN: "1" } });
  const hostile = await injectReport("results\r\nx-injected: 1 \u2603.csv");
  refused = { status: hostile.status, field: ((await hostile.json()) as { detail: { loc: string[] }[] }).detail[0]!.loc.join(".") };

  const records = DEMO_MAILBOXES.find((m) => m.mailboxId === SENDER)!;
  const sender = createMeshClient({ baseUrl: mailbox.url, mailboxId: SENDER, password: records.password, sharedKey: DEMO_SHARED_KEY });
  await sender.send("first", { to: PRACTICE, workflowId: "MAILROOM_FILE", fileName: "before-the-bad-one.csv", contentType: "text/csv" });
  broken = ((await (await injectReport("placeholder.csv")).json()) as { message_id: string }).message_id;
  await sender.send("second", { to: PRACTICE, workflowId: "MAILROOM_FILE", fileName: "after-the-bad-one.csv", contentType: "text/csv" });
  sender.close();

  // The server no longer takes such a name, so put one where an older version would have stored it: a HEAD of
  // that report then fails, as it did before the admin API checked its fields.
  await mailbox.kill("SIGTERM");
  const db = new PGlite(path.join(mailbox.dataDir, "pglite"));
  await db.query("update mailbox_messages set file_name = $1 where id = $2", ["bad\r\nname.csv", broken]);
  await db.close();
  await mailbox.restart();

  stack = await startSignInStack({ issuer: { claims: cis2Claims("tom.baker") }, env: { MESH_URL: mailbox.url } });
});

afterAll(async () => {
  await stack?.stop();
  await mailbox?.stop();
});

describe("inbox sync and a hostile report", () => {
  it("refuses a report whose file name holds CR/LF or a character above U+00FF where it comes in", () => {
    expect(refused).toEqual({ status: 400, field: "body.file_name" });
  });

  it("skips the message it cannot read, logs it, and indexes the rest", async () => {
    const { app } = stack;
    const tom = await signInDemoPersonThroughFakeIssuer(stack.fake, app, "tom.baker");
    const inbox = await tom.request(`${app.url}/mailboxes/${PRACTICE}/inbox`);
    const html = await inbox.text();
    expect(inbox.status, app.output()).toBe(200);
    expect(html).toContain("before-the-bad-one.csv");
    expect(html).toContain("after-the-bad-one.csv");
    const skipped = () => logLines(app.output()).filter((entry) => entry.msg === "inbox sync skipped a message it could not read");
    // The web process writes its log through a pipe, a moment after it answers.
    await expect
      .poll(skipped, { timeout: 10_000 })
      .toEqual([expect.objectContaining({ level: "warn", mailboxId: PRACTICE, messageId: broken })]);
  });
});
