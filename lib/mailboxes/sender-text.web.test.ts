// Sender-controlled text on the pages (issue 18, item 1b): names, subjects and local IDs that
// another organisation's system wrote as UTF-8 into Latin-1 MESH headers, or with controls and bidi
// overrides in them, are shown as the sender meant them and cleaned, on the inbox and message pages
// and in the download's name.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { freshAuthToken } from "@/lib/mesh";
import type { WebApp } from "@/lib/testing/web-app";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import type { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

const PRACTICE = "Y90001OT";
const SENDER = "R9XRECS1";

/** How a UTF-8 string's bytes read when taken as Latin-1, one character per byte: what MESH delivers. */
const asLatin1 = (text: string) => Buffer.from(text, "utf8").toString("latin1");

let mailbox: RunningMailbox;
let stack: SignInStack;
let app: WebApp;
let priya: Browser;
const ids: Record<string, string> = {};

/**
 * Sends a one-chunk message with headers exactly as given, byte for byte as Latin-1, as another
 * organisation's MESH client might: lib/mesh itself refuses to send control characters.
 */
function sendRaw(headers: Record<string, string>, body = "x"): Promise<string> {
  const records = DEMO_MAILBOXES.find((m) => m.mailboxId === SENDER)!;
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${mailbox.url}/messageexchange/${SENDER}/outbox`, {
      method: "POST",
      headers: {
        authorization: freshAuthToken(SENDER, records.password, DEMO_SHARED_KEY),
        accept: "application/vnd.mesh.v2+json",
        "content-type": "application/octet-stream",
        "content-length": String(payload.length),
        "mex-to": PRACTICE,
        "mex-workflowid": "MAILROOM_FILE",
        ...headers,
      },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      res.on("end", () => {
        const id = (JSON.parse(text || "{}") as { message_id?: string }).message_id;
        if (res.statusCode === 202 && id) resolve(id);
        else reject(new Error(`the mailbox server answered ${res.statusCode}: ${text}`));
      });
    });
    req.end(payload);
  });
}

beforeAll(async () => {
  mailbox = await startMailbox();
  stack = await startSignInStack({ issuer: { claims: cis2Claims("priya.shah") }, env: { MESH_URL: mailbox.url } });
  ({ app } = stack);
  ids.mojibake = await sendRaw({ "mex-filename": asLatin1("Müller.csv"), "mex-subject": asLatin1("Résultats für Frau Müller") });
  ids.override = await sendRaw({
    "mex-filename": asLatin1("invoice\u202Efdp.exe"),
    "mex-localid": "REF\u0085\u009b-7",
    "mex-subject": "Lab\u0090 results",
  });
  priya = await signInDemoPersonThroughFakeIssuer(stack.fake, app, "priya.shah");
});

afterAll(async () => {
  await stack?.stop();
  await mailbox?.stop();
});

async function page(path: string): Promise<string> {
  const res = await priya.request(`${app.url}${path}`);
  const html = await res.text();
  expect(res.status, app.output()).toBe(200);
  return html;
}

/** What a reader could see of the page's text: C1 controls, bidi controls and mojibake must all be gone. */
function expectClean(html: string) {
  expect(html).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
  expect(html).not.toContain("Ã");
  expect(html).not.toContain("â\u0080");
}

describe("sender-controlled text", () => {
  it("shows what the sender meant, cleaned, in the inbox list", async () => {
    const html = await page(`/mailboxes/${PRACTICE}/inbox`);
    expect(html).toContain("Müller.csv");
    expect(html).toContain("Résultats für Frau Müller");
    expect(html).toContain("invoicefdp.exe");
    expect(html).toContain("Lab results");
    expectClean(html);
  });

  it("shows the same on the message page, in its title and every row", async () => {
    const mojibake = await page(`/mailboxes/${PRACTICE}/messages/${ids.mojibake}`);
    expect(mojibake).toContain("<title>Müller.csv");
    expect(mojibake).toContain("Résultats für Frau Müller");
    expectClean(mojibake);

    const override = await page(`/mailboxes/${PRACTICE}/messages/${ids.override}`);
    expect(override).toContain("invoicefdp.exe");
    expect(override).toContain("REF -7");
    expectClean(override);
  });

  it("gives the download the decoded, cleaned name", async () => {
    const res = await priya.request(`${app.url}/api/mailboxes/${PRACTICE}/messages/${ids.mojibake}/content`);
    await res.body?.cancel();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="Muller.csv"; filename*=UTF-8''M%C3%BCller.csv`);
  });
});
