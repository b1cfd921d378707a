// Download and preview of received files (issue 6), end to end: a real mailbox server, the built web
// app, files sent through lib/mesh from Northgate's records mailbox to Riverside's practice mailbox.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient, type MeshClient, type SendMetadata } from "@/lib/mesh";
import type { WebApp } from "@/lib/testing/web-app";
import type { WebDatabase } from "@/lib/testing/web-database";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import type { FakeIssuer } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

const PRACTICE = "Y90001OT";
const SENDER = "R9XRECS1";

let mailbox: RunningMailbox;
let stack: SignInStack;
let fake: FakeIssuer;
let database: WebDatabase;
let app: WebApp;
let sender: MeshClient;
let priya: Browser; // Riverside: may use Y90001OT
let dan: Browser; // Hillside: may not

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** A one-page PDF whose text is `text`, built by hand so the test needs no PDF library. */
function tinyPdf(text: string): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${`BT /F1 24 Tf 40 100 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 24 Tf 40 100 Td (${text}) Tj ET\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

async function send(body: Buffer | string, meta: Partial<SendMetadata> = {}, chunkSize?: number): Promise<string> {
  const result = await sender.send(body, { to: PRACTICE, workflowId: "MAILROOM_FILE", ...meta }, chunkSize ? { chunkSize } : {});
  return result.messageId;
}

const contentUrl = (id: string, mailboxId = PRACTICE) => `${app.url}/api/mailboxes/${mailboxId}/messages/${id}/content`;
const rawPreviewUrl = (id: string, mailboxId = PRACTICE) => `${app.url}/api/mailboxes/${mailboxId}/messages/${id}/preview`;
const previewPageUrl = (id: string, mailboxId = PRACTICE) => `${app.url}/mailboxes/${mailboxId}/messages/${id}/preview`;

function signedIn(username: string): Promise<Browser> {
  return signInDemoPersonThroughFakeIssuer(fake, app, username);
}

/** Reads a body to the end; rejects if the server cut the response short. */
async function bytesOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

/** Decodes the filename* parameter, else the quoted one. */
function downloadName(disposition: string | null): string {
  const star = /filename\*=UTF-8''([^;\s]+)/.exec(disposition ?? "")?.[1];
  return star ? decodeURIComponent(star) : (/filename="([^"]*)"/.exec(disposition ?? "")?.[1] ?? "");
}

const ids: Record<string, string> = {};
const csvText = ["id,name,note", ...Array.from({ length: 250 }, (_, i) => `${i + 1},"Shah, Priya ${i + 1}","line one\nline two"`)].join(
  "\r\n",
);
const pdf = tinyPdf("Hello from Northgate");
const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7); // three chunks of 1 MiB and a bit

beforeAll(async () => {
  const records = DEMO_MAILBOXES.find((m) => m.mailboxId === SENDER)!;
  mailbox = await startMailbox();
  stack = await startSignInStack({ issuer: { claims: cis2Claims("priya.shah") }, env: { MESH_URL: mailbox.url } });
  ({ fake, database, app } = stack);
  sender = createMeshClient({ baseUrl: mailbox.url, mailboxId: SENDER, password: records.password, sharedKey: DEMO_SHARED_KEY });

  const good = Buffer.from("patient,result\n1,negative\n");
  ids.plain = await send(good, { fileName: "results.csv", contentType: "text/csv", checksum: `sha256:${sha256(good)}` });
  ids.bareChecksum = await send(good, { fileName: "bare.csv", contentType: "text/csv", checksum: sha256(good).toUpperCase() });
  ids.badChecksum = await send(good, { fileName: "tampered.csv", contentType: "text/csv", checksum: `SHA256:${"0".repeat(64)}` });
  ids.md5 = await send(good, { fileName: "md5.csv", checksum: "md5:0cc175b9c0f1b6a831c399e269772661" });
  ids.chunked = await send(big, { fileName: "scan.dat", checksum: `sha256:${sha256(big)}` }, 1024 * 1024);
  ids.noName = await send("no name");
  ids.quotes = await send("x", { fileName: 'bad"; filename="evil.exe' });
  ids.traversal = await send("x", { fileName: "../../etc/passwd" });
  ids.windows = await send("x", { fileName: "C:\\Windows\\x.bat" });
  ids.latin1 = await send("x", { fileName: "Résumé café.pdf" });
  ids.dotfile = await send("x", { fileName: "...bashrc" });
  ids.long = await send("x", { fileName: `${"a".repeat(290)}.txt` });
  ids.html = await send("<script>alert(1)</script>", { fileName: "page.html", contentType: "text/html" });
  ids.csv = await send(csvText, { fileName: "patients.csv", contentType: "application/octet-stream" });
  ids.text = await send("Dear Dr Shah,\n<b>not bold</b> & friends\n", { fileName: "letter.txt", contentType: "text/plain" });
  ids.bigText = await send(Buffer.alloc(1_500_000, 0x61), { fileName: "huge.log" });
  ids.fhir = await send(JSON.stringify({ resourceType: "Bundle", type: "document", entry: [{ resource: { resourceType: "Patient" } }] }), {
    fileName: "discharge.json",
    contentType: "application/fhir+json",
  });
  ids.badJson = await send('{"resourceType": "Patient",', { fileName: "broken.json", contentType: "application/json" });
  ids.pdf = await send(pdf, { fileName: "letter.pdf", contentType: "application/pdf", checksum: `sha256:${sha256(pdf)}` });
  ids.exe = await send("MZ", { fileName: "setup.exe", contentType: "application/octet-stream" });

  priya = await signedIn("priya.shah");
  dan = await signedIn("dan.evans");
  // The inbox page indexes what arrived, so opened and checksum results have a row to land on.
  const inbox = await priya.request(`${app.url}/mailboxes/${PRACTICE}/inbox`);
  expect(inbox.status, app.output()).toBe(200);
  await inbox.body?.cancel();
});

afterAll(async () => {
  sender?.close();
  await stack?.stop();
  await mailbox?.stop();
});

async function inboxRow(messageId: string) {
  if (database.kind !== "postgres") return null; // PGlite is held open by the web process
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "select opened_at, acknowledged_at, checksum_ok, checksum_checked_at from inbox_messages where mailbox_id = $1 and message_id = $2",
      [PRACTICE, messageId],
    );
    const audit = await client.query("select action, actor, ip from audit_log where message_id = $1 order by id", [messageId]);
    return {
      row: rows[0] as Record<string, unknown> | undefined,
      audit: audit.rows as { action: string; actor: string; ip: string | null }[],
    };
  } finally {
    await client.end();
  }
}

describe("download", () => {
  it("streams the file as an attachment with safe headers, and does not acknowledge", async () => {
    const res = await priya.request(contentUrl(ids.plain!));
    expect(res.status, app.output()).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="results.csv"');
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    // Sent only when certain: one chunk that MESH did not gzip on the wire.
    expect([null, "26"]).toContain(res.headers.get("content-length"));
    expect((await bytesOf(res)).toString()).toBe("patient,result\n1,negative\n");

    const again = await priya.request(contentUrl(ids.plain!));
    expect(again.status).toBe(200); // still in the inbox
    await again.body?.cancel();
    const db = await inboxRow(ids.plain!);
    if (db) {
      expect(db.row?.opened_at).toBeInstanceOf(Date);
      expect(db.row?.acknowledged_at).toBeNull();
      expect(db.row?.checksum_ok).toBe(true);
      expect(db.audit.filter((a) => a.action === "download")).toHaveLength(2);
      expect(db.audit[0]?.actor).toBe("555000000001");
    }
  });

  it("joins a chunked message into one stream, without a length it cannot know", async () => {
    const res = await priya.request(contentUrl(ids.chunked!));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBeNull();
    const body = await bytesOf(res);
    expect(body.length).toBe(big.length);
    expect(sha256(body)).toBe(sha256(big));
  });

  it("accepts a bare upper-case SHA-256 and ignores other checksum kinds", async () => {
    for (const id of [ids.bareChecksum!, ids.md5!]) {
      const res = await priya.request(contentUrl(id));
      expect(res.status).toBe(200);
      expect((await bytesOf(res)).toString()).toBe("patient,result\n1,negative\n");
    }
    const db = await inboxRow(ids.md5!);
    if (db) expect(db.row?.checksum_ok).toBeNull();
  });

  it("fails the download when the bytes do not match the sender's checksum, and records it", async () => {
    // The last piece is held back until the hash is known; for a one-piece file that means the
    // connection closes before anything is sent. Either way the browser sees a failed download.
    const outcome = await priya.request(contentUrl(ids.badChecksum!)).then(
      (res) =>
        res.arrayBuffer().then(
          () => "complete",
          () => "cut short",
        ),
      () => "refused",
    );
    expect(outcome).not.toBe("complete");
    const db = await inboxRow(ids.badChecksum!);
    if (db) {
      expect(db.row?.checksum_ok).toBe(false);
      expect(db.audit.map((a) => a.action)).toContain("download-checksum-mismatch");
    }
  });

  it("names the download safely whatever the sender called the file", async () => {
    const cases: [string, string][] = [
      [ids.quotes!, "bad_; filename=_evil.exe"], // filename*, percent-encoded; the quoted fallback is bad_ filename_evil.exe
      [ids.traversal!, "etc_passwd"],
      [ids.windows!, "C__Windows_x.bat"], // the quoted fallback collapses it to C_Windows_x.bat
      [ids.latin1!, "Résumé café.pdf"],
      [ids.dotfile!, "bashrc"],
      [ids.noName!, `${ids.noName}.dat`],
    ];
    for (const [id, expected] of cases) {
      const res = await priya.request(contentUrl(id));
      await res.body?.cancel();
      const disposition = res.headers.get("content-disposition");
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"(; filename\*=UTF-8''[\x21-\x7e]+)?$/);
      expect(disposition?.match(/filename=/g)).toHaveLength(1);
      expect(downloadName(disposition)).toBe(expected);
    }
    const long = await priya.request(contentUrl(ids.long!));
    await long.body?.cancel();
    expect(downloadName(long.headers.get("content-disposition"))).toMatch(/^a{146}\.txt$/);
  });

  it("never serves a sender's HTML as HTML", async () => {
    const res = await priya.request(contentUrl(ids.html!));
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    await res.body?.cancel();
  });

  it("answers 404 in plain words for a message that is not there", async () => {
    const res = await priya.request(contentUrl("20260101000000000000_ABCDEF"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^This message is not in the mailbox/) });
    expect((await priya.request(contentUrl("..%2F..%2Fetc"))).status).toBe(404);
  });
});

describe("preview", () => {
  it("shows the first 200 rows of a CSV as a table with a caption", async () => {
    const res = await priya.request(previewPageUrl(ids.csv!));
    expect(res.status, app.output()).toBe(200);
    const html = await res.text();
    expect(html).toContain("The first 200 rows of patients.csv");
    expect(html).toContain('<th scope="col"');
    expect(html).toContain("Shah, Priya 200");
    expect(html).not.toContain("Shah, Priya 201");
    expect(html).toContain("line one\nline two");
    expect(html).toContain("Download the file");
  });

  it("shows text escaped, never as markup", async () => {
    const html = await (await priya.request(previewPageUrl(ids.text!))).text();
    expect(html).toContain("&lt;b&gt;not bold&lt;/b&gt; &amp; friends");
    expect(html).not.toContain("<b>not bold</b>");
  });

  it("shows the start of a large text file and says so", async () => {
    const html = await (await priya.request(previewPageUrl(ids.bigText!))).text();
    expect(html).toContain("This preview shows the first 1MB of the file.");
  });

  it("pretty-prints JSON and names the FHIR resource", async () => {
    const html = await (await priya.request(previewPageUrl(ids.fhir!))).text();
    expect(html).toContain("FHIR resource type");
    expect(html).toContain("Bundle");
    expect(html).toContain("&quot;resourceType&quot;: &quot;Patient&quot;");
  });

  it("says when JSON is invalid and shows it as text", async () => {
    const html = await (await priya.request(previewPageUrl(ids.badJson!))).text();
    expect(html).toContain("This file is not valid JSON");
    expect(html).toContain("{&quot;resourceType&quot;: &quot;Patient&quot;,");
  });

  it("frames a PDF from a route that serves it inline, sandboxed, and frameable only by us", async () => {
    const html = await (await priya.request(previewPageUrl(ids.pdf!))).text();
    expect(html).toContain(`src="/api/mailboxes/${PRACTICE}/messages/${ids.pdf}/preview"`);
    const res = await priya.request(rawPreviewUrl(ids.pdf!));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe('inline; filename="letter.pdf"');
    expect(res.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'; object-src 'none'; frame-ancestors 'self'");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await bytesOf(res)).toEqual(pdf);
    // Every other response still refuses to be framed.
    const page = await priya.request(previewPageUrl(ids.pdf!));
    await page.body?.cancel();
    expect(page.headers.get("x-frame-options")).toBe("DENY");
  });

  it("refuses to serve anything but a PDF inline", async () => {
    const res = await priya.request(rawPreviewUrl(ids.html!));
    expect(res.status).toBe(415);
    await res.body?.cancel();
  });

  it("explains why other files have no preview and offers the download", async () => {
    const html = await (await priya.request(previewPageUrl(ids.exe!))).text();
    expect(html).toContain("There is no preview for this file.");
    expect(html).toContain("Mailroom can only show a preview of CSV");
    expect(html).toContain(`href="/api/mailboxes/${PRACTICE}/messages/${ids.exe}/content"`);
  });

  it("records that the message was opened", async () => {
    const db = await inboxRow(ids.csv!);
    if (db) {
      expect(db.row?.opened_at).toBeInstanceOf(Date);
      expect(db.audit.map((a) => a.action)).toContain("preview");
    }
  });
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

describe.skipIf(!existsSync(CHROMIUM))("PDF preview in Chromium", () => {
  it("renders in the browser's PDF viewer inside the preview page", async () => {
    const claims = cis2Claims("priya.shah");
    fake.userinfo = claims;
    fake.respondWith((req, f) => ({
      access_token: "at",
      token_type: "Bearer",
      expires_in: 300,
      id_token: f.idToken({ ...claims, nonce: req.nonce }),
    }));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${app.url}/sign-in`);
      await page.getByRole("button", { name: "Sign in with NHS Care Identity" }).click();
      await page
        .waitForURL((url) => url.origin === app.url && url.pathname.startsWith("/mailboxes"))
        .catch((error: unknown) => {
          throw new Error(`sign-in in Chromium ended at ${page.url()}: ${String(error)}\n${app.output().slice(-3000)}`);
        });
      const blocked: string[] = [];
      page.on("console", (message) => {
        if (/Refused to|blocked/i.test(message.text())) blocked.push(message.text());
      });
      await page.goto(previewPageUrl(ids.pdf!));
      const frame = page.locator("iframe");
      await frame.waitFor();
      // Chromium's viewer lives in an extension frame inside ours; a refused or sandbox-blocked
      // frame shows chrome-error://chromewebdata/ instead.
      await expect
        .poll(
          () =>
            page
              .frames()
              .map((f) => f.url())
              .join(" "),
          { timeout: 15_000 },
        )
        .toContain("chrome-extension://");
      expect(page.frames().map((f) => f.url())).not.toContain("chrome-error://chromewebdata/");
      expect(blocked).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe("access", () => {
  it("gives someone without a grant 404 from every route, as if the mailbox did not exist", async () => {
    for (const url of [contentUrl(ids.plain!), rawPreviewUrl(ids.pdf!)]) {
      const res = await dan.request(url);
      expect(res.status, url).toBe(404);
      expect(await res.json()).toEqual({ error: "Page not found" });
    }
    const page = await dan.request(previewPageUrl(ids.csv!));
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain("Shah, Priya");
  });

  it("answers 401 to the routes and sends the page to sign in when signed out", async () => {
    const anonymous = new Browser();
    for (const url of [contentUrl(ids.plain!), rawPreviewUrl(ids.pdf!)]) {
      const res = await anonymous.request(url);
      expect(res.status, url).toBe(401);
      await res.body?.cancel();
    }
    const page = await anonymous.request(previewPageUrl(ids.csv!));
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location") ?? "", app.url).pathname).toBe("/sign-in");
    await page.body?.cancel();
  });
});

describe("the audit log's address", () => {
  it("is the socket's own address: with no trusted proxy, no X-Forwarded-For hop is believed", async () => {
    const id = await send("x", { fileName: "audited.txt" });
    const forwarded = await priya.request(contentUrl(id), { headers: { "x-forwarded-for": "10.9.9.9, 203.0.113.7" } });
    expect(forwarded.status, app.output()).toBe(200);
    await bytesOf(forwarded);
    await bytesOf(await priya.request(contentUrl(id)));
    const db = await inboxRow(id);
    if (!db) return; // PGlite: the web process holds the database
    const downloads = db.audit.filter((a) => a.action === "download");
    expect(downloads.map((a) => a.ip)).toEqual(["127.0.0.1", "127.0.0.1"]);
  });
});
