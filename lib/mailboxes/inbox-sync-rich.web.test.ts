// The inbox sync against the built app and a real mailbox server: new messages are indexed from the rich
// inbox in pages where its rows tell what a HEAD would (ADR 0112), and with one HEAD each where they do not
// (mesh-sandbox's rows, as this server gives them with MAILBOX_COMPAT=sandbox; NHS MESH has no rich inbox).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AD_HOC_WORKFLOW, DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient, type MeshClient } from "@/lib/mesh";
import { logLines } from "@/lib/testing/log-lines";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import type { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

const PRACTICE = "Y90001OT";
const SENDER = "R9XRECS1";

let mailbox: RunningMailbox;
let stack: SignInStack;
let tom: Browser;
const clients: MeshClient[] = [];

const client = (mailboxId: string) => {
  const { password } = DEMO_MAILBOXES.find((m) => m.mailboxId === mailboxId)!;
  const mesh = createMeshClient({ baseUrl: mailbox.url, mailboxId, password, sharedKey: DEMO_SHARED_KEY, acceptGzip: false });
  clients.push(mesh);
  return mesh;
};

async function sendFiles(prefix: string, count: number): Promise<string[]> {
  const sender = client(SENDER);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const sent = await sender.send(`${prefix},${i}\n`, {
      to: PRACTICE,
      workflowId: AD_HOC_WORKFLOW,
      fileName: `${prefix}-${i}.csv`,
      contentType: "text/csv",
      subject: `${prefix} subject ${i}`,
    });
    ids.push(sent.messageId);
  }
  return ids;
}

/** The mailbox server's request lines after `from` characters of its output, as method and path. */
function requestsSince(from: number): string[] {
  return logLines(mailbox.output().slice(from))
    .filter((line) => line.msg === "request" && line.mailbox === PRACTICE)
    .map((line) => `${String(line.method)} ${String(line.path).replace(`/messageexchange/${PRACTICE}`, "")}`);
}

const inboxHtml = async () => {
  const res = await tom.request(`${stack.app.url}/mailboxes/${PRACTICE}/inbox`);
  expect(res.status, stack.app.output()).toBe(200);
  return res.text();
};

beforeAll(async () => {
  mailbox = await startMailbox({ quiet: false });
  stack = await startSignInStack({ issuer: { claims: cis2Claims("tom.baker") }, env: { MESH_URL: mailbox.url } });
  tom = await signInDemoPersonThroughFakeIssuer(stack.fake, stack.app, "tom.baker");
});

afterAll(async () => {
  for (const mesh of clients) mesh.close();
  await stack?.stop();
  await mailbox?.stop();
});

describe("inbox sync from the rich inbox", () => {
  it("indexes new messages from rich inbox pages, following them past messages it does not want, with no HEAD", async () => {
    const wanted = await sendFiles("wanted", 12);
    // Newer messages another client already collected: still on the rich inbox's first page, not in the inbox.
    const collected = await sendFiles("collected", 12);
    const practice = client(PRACTICE);
    for (const id of collected) await practice.acknowledge(id);

    const mark = mailbox.output().length;
    const html = await inboxHtml();
    for (let i = 0; i < wanted.length; i++) expect(html).toContain(`wanted-${i}.csv`);
    expect(html).not.toContain("collected-0.csv");
    await expect.poll(() => requestsSince(mark).filter((r) => r.startsWith("GET /inbox/rich")).length).toBe(2);
    expect(
      requestsSince(mark).filter((r) => r.startsWith("HEAD ")),
      JSON.stringify(logLines(stack.app.output()).filter((line) => line.level !== "info" && line.level !== 30)),
    ).toEqual([]);

    // What the page shows came from the rows: the subject and the size of one of them.
    const message = await tom.request(`${stack.app.url}/mailboxes/${PRACTICE}/messages/${wanted[3]}`);
    const detail = await message.text();
    expect(message.status).toBe(200);
    expect(detail).toContain("wanted subject 3");
    expect(detail).toContain("wanted-3.csv");
  });

  it("falls back to one HEAD per message where rich rows lack what a HEAD tells (mesh-sandbox)", async () => {
    await mailbox.restart({ MAILBOX_COMPAT: "sandbox" });
    const mark = mailbox.output().length;
    const ids = await sendFiles("sandbox", 11);
    // The sync runs at most every 2 seconds per mailbox; poll until the new ones show.
    await expect.poll(async () => (await inboxHtml()).includes("sandbox-10.csv"), { timeout: 15_000 }).toBe(true);
    const html = await inboxHtml();
    for (let i = 0; i < ids.length; i++) expect(html).toContain(`sandbox-${i}.csv`);
    await expect.poll(() => requestsSince(mark).filter((r) => r.startsWith("HEAD ")).length).toBe(ids.length);
    expect(requestsSince(mark).filter((r) => r.startsWith("GET /inbox/rich")).length).toBeGreaterThanOrEqual(1);
  });
});
