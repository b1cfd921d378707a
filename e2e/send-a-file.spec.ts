import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expectListed } from "./fixtures/inbox";
import { meshAs, uniqueName } from "./fixtures/mesh";
import { reachCheckYourAnswers, slowUploads } from "./fixtures/send-form";
import { signInAs } from "./fixtures/sign-in";
import { E2E } from "./fixtures/stack";
import { expect, expectAccessible, expectAccessibleAsServed, test } from "./fixtures/test";

const RECORDS = "R9XRECS1";
const PRACTICE = "Y90001OT";
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

async function openSendPage(page: Page) {
  await signInAs(page, "grace.okafor");
  await page.goto(`/mailboxes/${RECORDS}/inbox`);
  await page.getByRole("navigation", { name: "Mailbox" }).getByRole("link", { name: "Send a file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Send a file" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Mailbox" }).getByRole("link", { name: "Send a file" })).toHaveAttribute(
    "aria-current",
    "page",
  );
}

async function fillDetails(page: Page, recipient: string) {
  await page.getByLabel("Recipient's mailbox ID").fill(recipient);
  await page.getByLabel("Workflow", { exact: true }).selectOption({ label: "A file sent with Mailroom (MAILROOM_FILE)" });
  await page.getByLabel("Subject (optional)").fill("Results for the practice");
}

/** The practice finds the file in its inbox and downloads exactly the bytes that were sent. */
async function practiceReceives(browser: Browser, fileName: string, content: string) {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "tom.baker");
  const row = page.getByRole("row").filter({ hasText: fileName });
  await expectListed(page, row);
  await row.getByRole("link", { name: fileName }).click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Download/ }).click();
  expect(sha256(await readFile((await (await downloading).path()) as string))).toBe(sha256(content));
  await page.context().close();
}

test("a records clerk sends a CSV with the keyboard and the file chooser, and the practice receives it", async ({ page, browser }) => {
  const fileName = uniqueName("results", "csv");
  const content = "NHS number,Result\n9990000001,Normal\n";
  await openSendPage(page);
  await fillDetails(page, " y90001ot ");
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Upload a file" }).press("Enter");
  await (await chooser).setFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(content) });
  await expect(page.getByText(`${fileName} (`)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Continue" }).press("Enter");

  await expect(page.getByRole("heading", { level: 1, name: "Check your answers before sending your file" })).toBeVisible();
  await expect(page.getByText("Riverside Medical Practice").first()).toBeVisible();
  await expect(page.getByText(PRACTICE)).toBeVisible();
  await expect(page.getByText(sha256(content))).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send file" }).press("Enter");

  await expect(page.getByRole("heading", { level: 1, name: "File sent" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/mailboxes/${RECORDS}/send/sent/`));
  await expectAccessible(page);
  await practiceReceives(browser, fileName, content);
});

test("a file dropped on the drop zone is sent the same way", async ({ page, browser }) => {
  const fileName = uniqueName("dropped", "csv");
  const content = "id,value\n1,dropped\n";
  await openSendPage(page);
  await fillDetails(page, PRACTICE);
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: "text/csv" }));
      return transfer;
    },
    { name: fileName, text: content },
  );
  await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByText(`${fileName} (`)).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Send file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "File sent" })).toBeVisible();
  await practiceReceives(browser, fileName, content);
});

test("a mistyped recipient is caught before any of the file is uploaded", async ({ page }) => {
  await openSendPage(page);
  await fillDetails(page, "Y99999ZZ");
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Upload a file" }).click();
  await (await chooser).setFiles({ name: "letter.txt", mimeType: "text/plain", buffer: Buffer.from("Dear colleague") });
  await page.getByRole("button", { name: "Continue" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("There is no mailbox with the ID Y99999ZZ");
  await expect(page.getByLabel("Recipient's mailbox ID")).toHaveValue("Y99999ZZ");
  await expectAccessible(page);
});

test("a workflow the recipient does not take is caught on the workflow question", async ({ page }) => {
  await openSendPage(page);
  await page.getByLabel("Recipient's mailbox ID").fill(PRACTICE);
  await page.getByLabel("Workflow", { exact: true }).selectOption({ label: "Another workflow ID" });
  await page.getByLabel("Workflow ID", { exact: true }).fill("TOC_FHIR_IP_DISCH_ACK");
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Upload a file" }).click();
  await (await chooser).setFiles({ name: "summary.json", mimeType: "application/json", buffer: Buffer.from("{}") });
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    `Mailbox ${PRACTICE} is not set up to receive workflow TOC_FHIR_IP_DISCH_ACK`,
  );
  await expect(page.getByLabel("Workflow ID", { exact: true })).toHaveValue("TOC_FHIR_IP_DISCH_ACK");
  await expectAccessible(page);
});

test("cancelling mid-upload sends nothing", async ({ page }) => {
  const fileName = uniqueName("cancelled", "bin");
  await openSendPage(page);
  const content = Buffer.alloc(3_000_000, 7);
  await reachCheckYourAnswers(page, { recipient: PRACTICE, fileName, content, mimeType: "application/octet-stream" });
  // A slow connection, so the upload is still under way when the person cancels.
  const restoreUploads = await slowUploads(page, 100_000);
  await page.getByRole("button", { name: "Send file" }).click();
  await expect(page.getByRole("progressbar")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Cancel sending" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "You cancelled sending the file. Nothing was sent.",
  );
  await restoreUploads();

  const practice = meshAs(PRACTICE);
  try {
    for (const id of await practice.listInbox()) expect((await practice.messageHeaders(id)).fileName).not.toBe(fileName);
  } finally {
    practice.close();
  }
});

test("the recipient is found by ODS code without leaving the form", async ({ page }) => {
  await openSendPage(page);
  await page.getByLabel("Subject (optional)").fill("Kept while searching");
  await page.getByLabel("Workflow", { exact: true }).selectOption({ label: "A file sent with Mailroom (MAILROOM_FILE)" });
  await page.getByText("Find a mailbox ID").click();
  await page.getByLabel("ODS code (optional)").fill("y90001");
  await page.getByRole("button", { name: "Search for mailboxes" }).click();
  await expect(page.getByText("1 found")).toBeVisible();
  await expectAccessible(page);
  await page
    .getByRole("status")
    .filter({ hasText: "1 found" })
    .getByRole("button", { name: `Use ${PRACTICE}` })
    .click();
  await expect(page.getByLabel("Recipient's mailbox ID")).toHaveValue(PRACTICE);
  await expect(page.getByLabel("Recipient's mailbox ID")).toBeFocused();
  await expect(page.getByLabel("Subject (optional)")).toHaveValue("Kept while searching");
});

test("the recipient is found by ODS code with JavaScript turned off", async ({ page, browser }) => {
  await signInAs(page, "grace.okafor");
  await expect(page).toHaveURL(/\/mailboxes/);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const noScript = await context.newPage();
  await noScript.goto(`/mailboxes/${RECORDS}/send`);
  await noScript.getByLabel("Subject (optional)").fill("Kept while searching");
  await noScript.getByLabel("Workflow", { exact: true }).selectOption({ label: "A file sent with Mailroom (MAILROOM_FILE)" });
  await noScript.getByText("Find a mailbox ID").click();
  await noScript.getByLabel("ODS code (optional)").fill("y90001");
  const searched = noScript.waitForResponse((response) => response.request().method() === "POST");
  await noScript.getByRole("button", { name: "Search for mailboxes" }).click();
  await expect(noScript.getByText("1 found")).toBeVisible();
  await expect(noScript.getByLabel("Subject (optional)")).toHaveValue("Kept while searching");
  const html = await (await searched).text();
  expect(html).toContain("1 found");
  await expectAccessibleAsServed(page, { url: noScript.url(), html });
  // The search's result, listed after "Sent to recently" (which may name the practice too).
  await noScript
    .getByRole("button", { name: `Use ${PRACTICE}` })
    .last()
    .click();
  await expect(noScript.getByLabel("Recipient's mailbox ID")).toHaveValue(PRACTICE);
  await expect(noScript.getByLabel("Subject (optional)")).toHaveValue("Kept while searching");
  await expect(noScript.getByLabel("Workflow", { exact: true })).toHaveValue("MAILROOM_FILE");
  await noScript.getByRole("button", { name: "Continue" }).click();
  await expect(noScript.getByRole("heading", { level: 1, name: "Check your answers before sending your file" })).toBeVisible();
  await context.close();
});

test("a file is sent with JavaScript turned off", async ({ page, browser }) => {
  const fileName = uniqueName("no-script", "csv");
  const content = "id,sent\n1,without JavaScript\n";
  await signInAs(page, "grace.okafor");
  await expect(page).toHaveURL(/\/mailboxes/);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const noScript = await context.newPage();
  await noScript.goto(`/mailboxes/${RECORDS}/send`);
  await expect(noScript.getByText("You choose the file on the next page")).toBeVisible();
  await noScript.getByLabel("Recipient's mailbox ID").fill("nobody1");
  await noScript.getByRole("button", { name: "Continue" }).click();
  await expect(noScript.getByText("Choose a workflow").first()).toBeVisible();
  await expect(noScript.getByLabel("Recipient's mailbox ID")).toHaveValue("nobody1");

  await noScript.getByLabel("Recipient's mailbox ID").fill(PRACTICE);
  await noScript.getByLabel("Workflow", { exact: true }).selectOption({ label: "A file sent with Mailroom (MAILROOM_FILE)" });
  await noScript.getByRole("button", { name: "Continue" }).click();
  await expect(noScript.getByRole("heading", { level: 1, name: "Check your answers before sending your file" })).toBeVisible();
  await expect(noScript.getByText(`Riverside Medical Practice (${PRACTICE})`)).toBeVisible();
  // axe runs as a script, so each page the journey reached without JavaScript is checked in a browser with it.
  await page.goto(noScript.url());
  await expectAccessible(page);
  await noScript.getByLabel("Upload a file").setInputFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(content) });
  await noScript.getByRole("button", { name: "Send file" }).click();
  await expect(noScript.getByRole("heading", { level: 1, name: "File sent" })).toBeVisible();
  await page.goto(noScript.url());
  await expectAccessible(page);
  await context.close();
  await practiceReceives(browser, fileName, content);
});

test("a file over 50 MB is refused before upload from the internet, and sent from HSCN", async ({ page, browser }) => {
  const fileName = uniqueName("large-scan", "dat");
  // One byte over 50 MB (MB = 10^6 bytes); a path, because Playwright takes buffers only below 50 MB.
  const file = path.join(os.tmpdir(), fileName);
  await writeFile(file, Buffer.alloc(50_000_001, 0x41));
  try {
    await openSendPage(page);
    await expect(page.getByText("One file, up to 50 MB")).toBeVisible();
    await fillDetails(page, PRACTICE);
    let chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Upload a file" }).click();
    await (await chooser).setFiles(file);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
      "The selected file must be 50 MB or smaller",
    );
    await expectAccessible(page);

    const hscn = await (await browser.newContext({ baseURL: E2E.hscnAppUrl })).newPage();
    await openSendPage(hscn);
    await expect(hscn.getByText("One file, up to 100 MB")).toBeVisible();
    await fillDetails(hscn, PRACTICE);
    chooser = hscn.waitForEvent("filechooser");
    await hscn.getByRole("button", { name: "Upload a file" }).click();
    await (await chooser).setFiles(file);
    await hscn.getByRole("button", { name: "Continue" }).click();
    await hscn.getByRole("button", { name: "Send file" }).click();
    await expect(hscn.getByRole("heading", { level: 1, name: "File sent" })).toBeVisible({ timeout: 30_000 });
    await expectAccessible(hscn);
    await hscn.context().close();

    const practice = meshAs(PRACTICE);
    try {
      const names = await Promise.all((await practice.listInbox()).map(async (id) => (await practice.messageHeaders(id)).fileName));
      expect(names).toContain(fileName);
    } finally {
      practice.close();
    }
  } finally {
    await rm(file, { force: true });
  }
});
