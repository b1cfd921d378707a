// The Sent page over HTTP against the built app and a real mailbox server: a message the mailbox sent
// with lib/mesh straight to MESH is listed once as "Sent outside Mailroom" (list, message page, CSV),
// a Mailroom send is not listed twice, and an upload in progress shows as "Sending" until it is cut.
import { once } from "node:events";
import { startOutboxUpload } from "@/lib/testing/outbox-upload";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient, type MeshClient } from "@/lib/mesh";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import type { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

const SENDER = "R9XRECS1";
const PRACTICE = "Y90001OT";

let mailbox: RunningMailbox;
let stack: SignInStack;
let grace: Browser;
let sender: MeshClient;

type Json = Record<string, unknown>;

async function keyFor(file: Buffer, fileName: string): Promise<string> {
  const res = await grace.request(`${stack.app.url}/api/mailboxes/${SENDER}/outbox/keys`, {
    method: "POST",
    headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
    body: JSON.stringify({ recipient: PRACTICE, workflowId: "MAILROOM_FILE", fileName, size: file.length, contentType: "text/csv" }),
  });
  const json = (await res.json()) as Json;
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json.key as string;
}

/** A raw upload whose body the test writes: `send` writes bytes, `end` finishes, `cut` goes away mid-body. */
function openUpload(key: string, file: Buffer) {
  const req = startOutboxUpload(stack.app.url, grace, SENDER, key, file);
  const answered = new Promise<{ status: number; json: Json } | "cut">((resolve) => {
    req.on("response", (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString("utf8") || "{}") as Json }),
      );
    });
    req.on("error", () => resolve("cut"));
  });
  return {
    answered,
    async send(bytes: Buffer) {
      if (!req.write(bytes)) await once(req, "drain");
    },
    end: () => req.end(),
    cut: () => req.destroy(),
  };
}

const page = async (path: string) => {
  const res = await grace.request(`${stack.app.url}${path}`);
  expect(res.status).toBe(200);
  return res.text();
};
// React separates adjacent text with empty comments.
const sentHtml = async () => (await page(`/mailboxes/${SENDER}/sent`)).replaceAll("<!-- -->", "");
/** The table rows of a page's HTML (not the data the page carries for the browser). */
const rowsOf = (html: string) =>
  html
    .split("<tr")
    .slice(1)
    .map((row) => row.split("</tr>")[0] as string);
const sendingTag = /nhsuk-tag--white">Sending</;

beforeAll(async () => {
  mailbox = await startMailbox();
  stack = await startSignInStack({
    issuer: { claims: cis2Claims("grace.okafor") },
    env: { MESH_URL: mailbox.url, HSCN_ADDRESS_RANGES: "127.0.0.0/8" },
  });
  grace = await signInDemoPersonThroughFakeIssuer(stack.fake, stack.app, "grace.okafor");
  const password = DEMO_MAILBOXES.find((m) => m.mailboxId === SENDER)!.password;
  sender = createMeshClient({ baseUrl: mailbox.url, mailboxId: SENDER, password, sharedKey: DEMO_SHARED_KEY });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await mailbox?.stop();
  sender?.close();
});

describe("messages sent outside Mailroom", () => {
  it("are listed once, marked as sent outside Mailroom, beside a Mailroom send that is not listed twice", async () => {
    // A Mailroom send, then one from another system, before anyone opens Sent: the first fill sees both.
    const file = Buffer.from("nhs number,name\n1,A\n");
    const upload = openUpload(await keyFor(file, "from mailroom.csv"), file);
    await upload.send(file);
    upload.end();
    const mine = await upload.answered;
    expect(mine, stack.app.output()).toMatchObject({ status: 201 });
    const mineId = (mine as { json: Json }).json.messageId as string;
    const { messageId: outsideId } = await sender.send("from another system\n", {
      to: PRACTICE,
      workflowId: "MAILROOM_FILE",
      fileName: "from elsewhere.csv",
      subject: "Nightly extract",
    });

    const rows = rowsOf(await sentHtml());
    const outsideRows = rows.filter((row) => row.includes(`/sent/${outsideId}"`));
    const mineRows = rows.filter((row) => row.includes(`/sent/${mineId}"`));
    expect(outsideRows).toHaveLength(1);
    expect(mineRows).toHaveLength(1);
    expect(outsideRows[0]).toContain("from elsewhere.csv");
    expect(outsideRows[0]).toContain("Sent outside Mailroom");
    expect(mineRows[0]).toContain("by Grace Okafor");
    expect(rows.filter((row) => row.includes("Sent outside Mailroom"))).toHaveLength(1);

    const detail = await page(`/mailboxes/${SENDER}/sent/${outsideId}`);
    expect(detail).toContain("Sent outside Mailroom");
    expect(detail).toContain("Nightly extract");
    expect(await page(`/mailboxes/${SENDER}/sent/${mineId}`)).not.toContain("Sent outside Mailroom");

    const csv = await page(`/api/mailboxes/${SENDER}/sent/export`);
    const lines = csv.split("\r\n").filter((line) => line.includes(outsideId) || line.includes(mineId));
    expect(lines).toHaveLength(2);
    expect(lines.find((line) => line.includes(outsideId))).toContain("Sent outside Mailroom");
    expect(lines.find((line) => line.includes(mineId))).toContain("Grace Okafor");
  });
});

describe("a send in progress", () => {
  it("shows as Sending, with who and the file, from the start of the upload until it is cut", async () => {
    const file = Buffer.alloc(200_000, 0x41);
    const upload = openUpload(await keyFor(file, "still uploading.csv"), file);
    // Half the file, and the rest held back: the upload stays in progress for as long as the test wants.
    await upload.send(file.subarray(0, 100_000));
    await expect.poll(async () => sendingTag.test(await sentHtml()), { timeout: 15_000 }).toBe(true);
    const row = rowsOf(await sentHtml()).find((part) => part.includes("still uploading.csv"));
    expect(row).toMatch(sendingTag);
    expect(row).toContain("by Grace Okafor");
    expect(row).toContain("Started");
    expect(row).toContain(PRACTICE);

    upload.cut();
    expect(await upload.answered).toBe("cut");
    await expect
      .poll(async () => rowsOf(await sentHtml()).some((part) => part.includes("still uploading.csv")), { timeout: 15_000 })
      .toBe(false);
    expect(await sentHtml()).not.toMatch(sendingTag);
  });
});
