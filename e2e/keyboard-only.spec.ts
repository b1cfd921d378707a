// Issue 18 item 5: receiving, sending and giving access with the keyboard alone. Every control is
// reached with Tab from where the previous step left the focus, and worked with Enter, Space or the
// arrow keys; a control that Tab does not reach fails the journey.
import { createHash, randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { AD_HOC_WORKFLOW } from "../lib/demo/data";
import { expectListed } from "./fixtures/inbox";
import { chooseWithArrows, signInWithKeyboard, tabAndPress, tabAndType } from "./fixtures/keyboard";
import { sendFile, uniqueName } from "./fixtures/mesh";
import { expect, expectAccessible, test } from "./fixtures/test";

const PRACTICE = "Y90001OT";
const RECORDS = "R9XRECS1";
const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

test("a receptionist previews, downloads and marks a file as received with the keyboard alone", async ({ page }) => {
  const fileName = uniqueName("keyboard-received", "csv");
  const csv = "NHS number,Result\n9990000001,Normal\n";
  await sendFile(RECORDS, { to: PRACTICE, workflowId: AD_HOC_WORKFLOW, fileName, contentType: "text/csv" }, csv);

  await signInWithKeyboard(page, "tom.baker");
  await expect(page).toHaveURL(/\/inbox$/);
  await expectListed(page, page.getByRole("row").filter({ hasText: fileName }));
  await tabAndPress(page, page.getByRole("link", { name: fileName }));
  await expect(page.getByRole("heading", { level: 1, name: fileName })).toBeVisible();

  await tabAndPress(page, page.getByRole("link", { name: /^Preview/ }));
  await expect(page.getByRole("table")).toContainText("9990000001");
  await tabAndPress(page, page.getByRole("link", { name: /^Back/ }));
  await expect(page.getByRole("heading", { level: 1, name: fileName })).toBeVisible();

  const downloading = page.waitForEvent("download");
  await tabAndPress(page, page.getByRole("link", { name: /^Download/ }));
  expect(sha256(await readFile((await (await downloading).path()) as string))).toBe(sha256(csv));

  await tabAndPress(page, page.getByRole("button", { name: "Mark as received" }));
  await expect(page.getByRole("alert").filter({ hasText: "1 message marked as received" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: fileName })).toHaveCount(0);
  await expectAccessible(page);
});

test("a records clerk sends a file with the keyboard alone", async ({ page }) => {
  const fileName = uniqueName("keyboard-sent", "csv");
  await signInWithKeyboard(page, "grace.okafor");
  // Grace has two mailboxes: she chooses the records office's.
  await tabAndPress(page, page.getByRole("link", { name: /Medical Records/ }).first());
  await expect(page).toHaveURL(new RegExp(`/mailboxes/${RECORDS}/inbox$`));
  await tabAndPress(page, page.getByRole("navigation", { name: "Mailbox" }).getByRole("link", { name: "Send a file" }));
  await expect(page.getByRole("heading", { level: 1, name: "Send a file" })).toBeVisible();

  await tabAndType(page, page.getByLabel("Recipient's mailbox ID"), PRACTICE.toLowerCase());
  await chooseWithArrows(page, page.getByLabel("Workflow", { exact: true }), "A file sent with Mailroom (MAILROOM_FILE)");
  await tabAndType(page, page.getByLabel("Subject (optional)"), "Sent with the keyboard");
  const chooser = page.waitForEvent("filechooser");
  await tabAndPress(page, page.getByRole("button", { name: "Upload a file" }));
  await (await chooser).setFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") });
  await tabAndPress(page, page.getByRole("button", { name: "Continue" }));

  await expect(page.getByRole("heading", { level: 1, name: "Check your answers before sending your file" })).toBeVisible();
  await expect(page.getByText(PRACTICE)).toBeVisible();
  await tabAndPress(page, page.getByRole("button", { name: "Send file" }));
  await expect(page.getByRole("heading", { level: 1, name: "File sent" })).toBeVisible();
  await tabAndPress(page, page.getByRole("navigation", { name: "Mailbox" }).getByRole("link", { name: "Sent" }));
  await expect(page.getByRole("row").filter({ hasText: fileName })).toContainText("Waiting to be collected");
  await expectAccessible(page);
});

test("an admin gives and removes access with the keyboard alone", async ({ page }) => {
  // Someone who has not signed in yet, with an ID no other test uses.
  const personId = `4${String(randomInt(0, 1e11)).padStart(11, "0")}`;
  await signInWithKeyboard(page, "priya.shah");
  await expect(page).toHaveURL(/\/mailboxes\/Y90001OT\/inbox$/);
  await tabAndPress(page, page.getByRole("navigation", { name: "Mailbox" }).getByRole("link", { name: "Admin" }));
  await expect(page.getByRole("heading", { level: 1, name: "People who can use this mailbox" })).toBeVisible();

  await tabAndPress(page, page.getByRole("button", { name: "Give someone access" }));
  await tabAndType(page, page.getByLabel(/CIS2 user ID$/), personId);
  await tabAndPress(page, page.getByRole("radio", { name: "Member" }), "Space");
  await expect(page.getByRole("radio", { name: "Member" })).toBeChecked();
  await tabAndPress(page, page.getByRole("button", { name: "Continue" }));
  await expect(page.getByRole("heading", { level: 1, name: "Check your answers before giving access" })).toBeVisible();
  await tabAndPress(page, page.getByRole("button", { name: "Give access" }));
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Access given");

  await tabAndPress(page, page.getByRole("link", { name: `CIS2 user ${personId}` }));
  await tabAndPress(page, page.getByRole("link", { name: /^Remove access/ }));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Are you sure you want to remove");
  await tabAndPress(page, page.getByRole("button", { name: "Remove access" }));
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Access removed");
  await expect(page.getByRole("link", { name: `CIS2 user ${personId}` })).toHaveCount(0);
  await expectAccessible(page);
});
