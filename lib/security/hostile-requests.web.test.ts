// Defects found by trying Mailroom from outside, against the built app: a hostile file must not take
// the web process down, odd URLs end in a clear 4xx, and another site cannot open a message in a
// person's name.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient, type MeshClient } from "@/lib/mesh";
import type { WebApp } from "@/lib/testing/web-app";
import type { WebDatabase } from "@/lib/testing/web-database";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import type { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

const PRACTICE = "Y90001OT";
const SENDER = "R9XRECS1";
const TOO_COMPLEX = "This file is too large or too complex to preview";

let mailbox: RunningMailbox;
let stack: SignInStack;
let app: WebApp;
let database: WebDatabase;
let sender: MeshClient;
let tom: Browser;
const ids: Record<string, string> = {};

const page = (path: string) => `${app.url}/mailboxes/${PRACTICE}${path}`;
const api = (path: string) => `${app.url}/api/mailboxes/${PRACTICE}${path}`;

async function unopened(): Promise<number> {
  const res = await tom.request(api("/inbox/summary"));
  expect(res.status).toBe(200);
  return ((await res.json()) as { unopened: number }).unopened;
}

/** Audit actions recorded for a message; null where the test cannot read the database (PGlite is the app's). */
async function auditActions(messageId: string): Promise<string[] | null> {
  if (database.kind !== "postgres") return null;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ action: string }>("select action from audit_log where message_id = $1 order by id", [messageId]);
    return rows.map((row) => row.action);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const records = DEMO_MAILBOXES.find((m) => m.mailboxId === SENDER)!;
  mailbox = await startMailbox();
  stack = await startSignInStack({ issuer: { claims: cis2Claims("tom.baker") }, env: { MESH_URL: mailbox.url } });
  ({ app, database } = stack);
  sender = createMeshClient({ baseUrl: mailbox.url, mailboxId: SENDER, password: records.password, sharedKey: DEMO_SHARED_KEY });
  const send = async (body: string, fileName: string, contentType: string) =>
    (await sender.send(body, { to: PRACTICE, workflowId: "MAILROOM_FILE", fileName, contentType })).messageId;

  const hostileCsv = `${",".repeat(2_000_000)}\n${Array.from({ length: 200 }, (_, i) => `${i},row`).join("\n")}\n`;
  ids.wideCsv = await send(hostileCsv, "wide.csv", "text/csv");
  ids.deepJson = await send(`${"[".repeat(5000)}${"]".repeat(5000)}`, "deep.json", "application/json");
  ids.forDownload = await send("patient,result\n1,negative\n", "results.csv", "text/csv");
  ids.forPreview = await send("patient,result\n2,positive\n", "more.csv", "text/csv");

  tom = await signInDemoPersonThroughFakeIssuer(stack.fake, app, "tom.baker");
  const inbox = await tom.request(page("/inbox"));
  expect(inbox.status, app.output()).toBe(200);
  await inbox.body?.cancel();
});

afterAll(async () => {
  sender?.close();
  await stack?.stop();
  await mailbox?.stop();
});

describe("previews stay within their caps", () => {
  it("refuses a CSV whose first line is two million commas, and the web process lives on", async () => {
    const res = await tom.request(page(`/messages/${ids.wideCsv}/preview`));
    const html = await res.text();
    expect(res.status, app.output()).toBe(200);
    expect(html).toContain(TOO_COMPLEX);
    expect(html).toContain(`href="/api/mailboxes/${PRACTICE}/messages/${ids.wideCsv}/content"`);
    expect(html.length).toBeLessThan(200_000);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  });

  it("does not turn 10 KB of JSON nested 5,000 deep into megabytes", async () => {
    const res = await tom.request(page(`/messages/${ids.deepJson}/preview`));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(TOO_COMPLEX);
    expect(html.length).toBeLessThan(200_000);
  });
});

describe("odd text in URLs ends in a clear 4xx", () => {
  it("drops a NUL from the inbox search and workflow filter instead of sending it to the database", async () => {
    for (const query of ["q=a%00b", "workflow=a%00b", "q=%0D%0Ax", `q=${"x".repeat(5000)}`]) {
      const res = await tom.request(page(`/inbox?${query}`));
      expect(res.status, `${query}\n${app.output().slice(-2000)}`).toBe(200);
      expect(await res.text()).toContain("Inbox");
    }
  });

  it("answers Page not found for mailbox ids that are NUL or decode to broken UTF-8", async () => {
    for (const id of ["%00", "%25E0%25A4%25A", "%0A", "%C2%85"]) {
      const html = await tom.request(`${app.url}/mailboxes/${id}/inbox`);
      expect(html.status, id).toBe(404);
      expect(await html.text()).toContain("Page not found");
      const json = await tom.request(`${app.url}/api/mailboxes/${id}/inbox/summary`);
      expect(json.status, id).toBe(404);
      expect(await json.json()).toEqual({ error: "Page not found" });
    }
  });

  it("answers a path Next cannot decode with Page not found, or 400 for the API", async () => {
    for (const path of [`/mailboxes/${PRACTICE}/messages/%`, `/mailboxes/${PRACTICE}/messages/%E0%A4%A`, "/mailboxes/%/inbox", "/%"]) {
      const res = await tom.request(`${app.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("Page not found");
    }
    for (const path of ["/messages/%/content", "/messages/%E0%A4%A/preview", "/messages/%25/content", "/inbox/summary%"]) {
      const res = await tom.request(api(path));
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      await res.body?.cancel();
    }
    expect((await tom.request(api("/messages/%/content"))).status).toBe(400);
  });
});

describe("another site cannot open a message in the person's name", () => {
  for (const [use, path] of [
    ["download", "content"],
    ["preview page", "preview page"],
  ] as const) {
    it(`sends a cross-site ${use} to the message page without opening the message`, async () => {
      const id = use === "download" ? ids.forDownload! : ids.forPreview!;
      const target = path === "content" ? api(`/messages/${id}/content`) : page(`/messages/${id}/preview`);
      const before = await unopened();
      for (const site of ["cross-site", "same-site"]) {
        const res = await tom.request(target, {
          headers: { "sec-fetch-site": site, "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
        });
        expect(res.status, site).toBeGreaterThanOrEqual(300);
        expect(res.status, site).toBeLessThan(400);
        expect(new URL(res.headers.get("location") ?? "", app.url).pathname).toBe(`/mailboxes/${PRACTICE}/messages/${id}`);
        await res.body?.cancel();
      }
      expect(await unopened()).toBe(before);
      const audit = await auditActions(id);
      if (audit) expect(audit).toEqual([]);

      // From Mailroom's own page, or typed and bookmarked: opened as before.
      for (const site of ["same-origin", "none"]) {
        const res = await tom.request(target, { headers: { "sec-fetch-site": site } });
        expect(res.status, site).toBe(200);
        await res.body?.cancel();
      }
      expect(await unopened()).toBe(before - 1);
    });
  }
});
