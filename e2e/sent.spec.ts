import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expectListed } from "./fixtures/inbox";
import { meshAs, moveMailboxClock, sendFile, uniqueName } from "./fixtures/mesh";
import { signInAs } from "./fixtures/sign-in";
import { expect, expectAccessible, test } from "./fixtures/test";

const RECORDS = "R9XRECS1";
const PATHOLOGY = "R9XPATH1";
const PRACTICE = "Y90001OT";
const DAY = 24 * 3600_000;
const HOUR = 3600_000;
const nav = (page: Page) => page.getByRole("navigation", { name: "Mailbox" });

/** Grace sends a CSV from the records mailbox through the send pages; returns the MESH message ID. */
async function sendThroughMailroom(page: Page, fileName: string, subject: string): Promise<string> {
  await page.goto(`/mailboxes/${RECORDS}/send`);
  await page.getByLabel("Recipient's mailbox ID").fill(PRACTICE);
  await page.getByLabel("Workflow", { exact: true }).selectOption({ label: "A file sent with Mailroom (MAILROOM_FILE)" });
  await page.getByLabel("Subject (optional)").fill(subject);
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Upload a file" }).click();
  await (await chooser).setFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from("id,value\n1,sent\n") });
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Send file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "File sent" })).toBeVisible();
  return (await page.locator(".nhsuk-panel code").innerText()).trim();
}

test("a sent file waits to be collected, then shows as received without a reload", async ({ page }) => {
  const fileName = uniqueName("sent-received", "csv");
  await signInAs(page, "grace.okafor");
  const messageId = await sendThroughMailroom(page, fileName, "Results for the practice");
  await page.getByRole("link", { name: "See everything this mailbox sent" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sent" })).toBeVisible();
  await expect(nav(page).getByRole("link", { name: "Sent" })).toHaveAttribute("aria-current", "page");
  const row = page.getByRole("row").filter({ hasText: fileName });
  await expect(row.getByText("Waiting to be collected")).toBeVisible();
  await expect(row.getByText(PRACTICE)).toBeVisible();
  await expect(row.getByText("by Grace Okafor")).toBeVisible();
  await expectAccessible(page);

  // The practice's own system collects it and acknowledges it through the MESH API.
  const practice = meshAs(PRACTICE);
  try {
    await practice.acknowledge(messageId);
  } finally {
    practice.close();
  }
  const url = page.url();
  await expect(row.getByText("Received", { exact: true })).toBeVisible({ timeout: 45_000 });
  expect(page.url()).toBe(url);
  await expect(page.getByRole("status").filter({ hasText: `${fileName}: Received.` })).toBeAttached();
  await expectAccessible(page);

  await row.getByRole("link", { name: fileName }).click();
  await expect(page.getByRole("heading", { level: 1, name: fileName })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Collected and marked as received" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Check now" })).toHaveCount(0);
  await expectAccessible(page);
});

test("a file nobody collects in 5 days is not delivered, and the report and the file link to each other", async ({ page }) => {
  const fileName = uniqueName("sent-expired", "csv");
  await signInAs(page, "grace.okafor");
  // Sent five days and an hour "ago" by the mailbox server's clock; coming back runs its expiry sweep.
  await moveMailboxClock(-(5 * DAY + HOUR), false);
  try {
    await sendThroughMailroom(page, fileName, "Never collected");
  } finally {
    await moveMailboxClock(5 * DAY + HOUR, true);
  }

  // The report arrives in the records inbox; indexing it marks the file as not delivered at once.
  await page.goto(`/mailboxes/${RECORDS}/inbox`);
  await expectListed(page, page.getByRole("row").filter({ hasText: "Delivery report" }));
  await nav(page).getByRole("link", { name: "Sent" }).click();
  const row = page.getByRole("row").filter({ hasText: fileName });
  await expect(row.getByText("Not delivered")).toBeVisible();
  await expect(row.getByText("Not collected within 5 days")).toBeVisible();
  await row.getByRole("link", { name: fileName }).click();
  await expect(page.getByRole("heading", { name: "Non-delivery report" })).toBeVisible();
  await expect(page.getByText(/MESH code 14/)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Read the non-delivery report in the inbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Delivery report" })).toBeVisible();
  await expect(page.getByText(`Your message “${fileName}” to`)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: `See the message this report is about (“${fileName}”)` }).click();
  await expect(page.getByRole("heading", { level: 1, name: fileName })).toBeVisible();
});

test("a report about a message Mailroom did not send still explains itself", async ({ page }) => {
  const fileName = uniqueName("sent-elsewhere", "csv");
  // The records mailbox's other system sends, bypassing Mailroom; nobody collects it.
  await moveMailboxClock(-(5 * DAY + HOUR), false);
  let sent;
  try {
    sent = await sendFile(RECORDS, { to: PRACTICE, workflowId: "MAILROOM_FILE", fileName, contentType: "text/csv" }, "a,b\n");
  } finally {
    await moveMailboxClock(5 * DAY + HOUR, true);
  }
  const records = meshAs(RECORDS);
  let reportId: string | undefined;
  try {
    for (const id of await records.listInbox()) if ((await records.messageHeaders(id)).linkedMessageId === sent.messageId) reportId = id;
  } finally {
    records.close();
  }
  expect(reportId).toBeDefined();
  await signInAs(page, "grace.okafor");
  await page.goto(`/mailboxes/${RECORDS}/messages/${reportId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Delivery report" })).toBeVisible();
  await expect(page.getByText(`Your message “${fileName}”`)).toBeVisible();
  await expect(page.getByText(/Mailroom has no record of sending message/)).toBeVisible();
  await expectAccessible(page);
});

test("the sent list filters, exports safe CSV, and keeps other mailboxes' messages out", async ({ page }) => {
  const fileName = uniqueName("sent-export", "csv");
  const subject = '=HYPERLINK("http://evil.example","Click")';
  await signInAs(page, "grace.okafor");
  const messageId = await sendThroughMailroom(page, fileName, subject);

  await page.goto(`/mailboxes/${RECORDS}/sent`);
  await page.getByLabel("Search").fill(fileName);
  await page.getByLabel("Status").selectOption({ label: "Waiting to be collected" });
  await page.getByLabel("Recipient mailbox ID").fill(PRACTICE.toLowerCase());
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("Sent from").fill(today);
  await page.getByLabel("Sent to").fill(today);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("1 message match your filters")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: fileName })).toHaveCount(1);
  await expectAccessible(page);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download these as a spreadsheet/ }).click();
  const csv = await readFile((await (await downloading).path()) as string, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`"${fileName}"`);
  expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
  expect(lines[1]).toContain('"Waiting to be collected"');

  await page.getByRole("link", { name: "Clear filters" }).click();
  await page.getByLabel("Status").selectOption({ label: "Not delivered" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("row").filter({ hasText: fileName })).toHaveCount(0);

  // Another mailbox's message: not in this mailbox's Sent, by URL or in the form body.
  const other = await sendFile(PRACTICE, { to: RECORDS, workflowId: "MAILROOM_FILE", fileName: "theirs.csv" }, "x\n");
  expect((await page.goto(`/mailboxes/${RECORDS}/sent/${other.messageId}`))?.status()).toBe(404);
  expect((await page.goto(`/mailboxes/${PATHOLOGY}/sent/${messageId}`))?.status()).toBe(404);
  await page.goto(`/mailboxes/${RECORDS}/sent/${messageId}`);
  await expect(page.getByRole("button", { name: "Check now" })).toBeVisible();
  await page.locator('input[name="messageId"]').evaluate((input: HTMLInputElement, id) => (input.value = id), other.messageId);
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  const statuses = await page.request.get(`/api/mailboxes/${RECORDS}/sent/statuses?id=${other.messageId}&id=${messageId}`);
  expect(((await statuses.json()) as { statuses: { messageId: string }[] }).statuses.map((s) => s.messageId)).toEqual([messageId]);
  await expectAccessible(page);
});

test("a file the mailbox sent from another system is listed once, as sent outside Mailroom", async ({ page }) => {
  const fileName = uniqueName("sent-outside", "csv");
  // The records mailbox's other system sends straight to MESH, bypassing Mailroom.
  const sent = await sendFile(RECORDS, { to: PRACTICE, workflowId: "MAILROOM_FILE", fileName, subject: "Nightly extract" }, "a,b\n");
  await signInAs(page, "grace.okafor");
  await page.goto(`/mailboxes/${RECORDS}/sent`);
  // Opening Sent asks the rich outbox at most once per SENT_OUTBOX_FILL_SECONDS (1 in these tests).
  const row = page.getByRole("row").filter({ hasText: fileName });
  await expectListed(page, row);
  await expect(row).toHaveCount(1);
  await expect(row.getByText("Sent outside Mailroom")).toBeVisible();
  await expect(row.getByText(PRACTICE)).toBeVisible();
  await expect(row.getByText("Waiting to be collected")).toBeVisible();
  await expectAccessible(page);

  await row.getByRole("link", { name: fileName }).click();
  await expect(page.getByRole("heading", { level: 1, name: fileName })).toBeVisible();
  await expect(page.getByText(sent.messageId)).toBeVisible();
  await expect(page.getByText("Sent outside Mailroom")).toBeVisible();
  await expectAccessible(page);
});
