import { readFile } from "node:fs/promises";
import { AD_HOC_WORKFLOW } from "../lib/demo/data";
import { expectListed } from "./fixtures/inbox";
import { moveMailboxClock, sendFile, uniqueName } from "./fixtures/mesh";
import { signInAs } from "./fixtures/sign-in";
import { expect, expectAccessible, test } from "./fixtures/test";

const PRACTICE = "Y90001OT";
const RECORDS = "R9XRECS1";
const HOUR = 3600_000;
const DAY = 24 * HOUR;

test("a receptionist previews, downloads and marks as received a file that arrived", async ({ page }) => {
  const fileName = uniqueName("discharge-list", "csv");
  const csv = 'NHS number,Name,Discharged\n9990000001,Ann Example,2026-11-20\n9990000002,"Bo, Example",2026-11-21\n';
  await sendFile(
    RECORDS,
    { to: PRACTICE, workflowId: AD_HOC_WORKFLOW, fileName, subject: "Discharges this week", contentType: "text/csv" },
    csv,
  );

  await signInAs(page, "tom.baker");
  await expect(page).toHaveURL(/\/inbox$/);
  const row = page.getByRole("row").filter({ hasText: fileName });
  await expectListed(page, row);
  await expect(row).toContainText("Northgate Hospitals NHS Trust");
  await expect(row).toContainText("New");
  await expectAccessible(page);

  await row.getByRole("link", { name: fileName }).click();
  await expect(page.getByRole("heading", { level: 1, name: fileName })).toBeVisible();
  await expect(page.getByText("Discharges this week")).toBeVisible();
  await expect(page.getByText(AD_HOC_WORKFLOW)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: /^Preview/ }).click();
  await expect(page.getByRole("table")).toContainText("Bo, Example");
  await expectAccessible(page);
  await page.goBack();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Download/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(fileName);
  expect(await readFile((await download.path()) as string, "utf8")).toBe(csv);

  // Downloading does not acknowledge: the message is still in the inbox until the person says so.
  await page.getByRole("button", { name: "Mark as received" }).click();
  await expect(page).toHaveURL(/\/inbox\?received=1/);
  await expect(page.getByRole("alert").filter({ hasText: "1 message marked as received" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: fileName })).toHaveCount(0);
  await expectAccessible(page);

  await page.goBack();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "This message has been marked as received" })).toBeVisible();
  await expectAccessible(page);
});

test("several messages are marked as received at once", async ({ page }) => {
  const names = [uniqueName("letter-a", "txt"), uniqueName("letter-b", "txt"), uniqueName("letter-c", "txt")];
  for (const fileName of names) {
    await sendFile(RECORDS, { to: PRACTICE, workflowId: AD_HOC_WORKFLOW, fileName, contentType: "text/plain" }, `Letter ${fileName}`);
  }
  await signInAs(page, "priya.shah");
  await expect(page).toHaveURL(/\/inbox$/);
  await expectListed(page, page.getByRole("row").filter({ hasText: names[2] as string }));

  await page.getByRole("button", { name: "Mark as received" }).click();
  await expect(page.getByRole("alert", { name: "There is a problem" })).toBeFocused();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  await page.getByRole("checkbox", { name: `Select ${names[0]}` }).check();
  await page.getByRole("checkbox", { name: `Select ${names[1]}` }).check();
  await page.getByRole("button", { name: "Mark as received" }).click();
  await expect(page.getByText("2 messages marked as received")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: names[0] as string })).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: names[1] as string })).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: names[2] as string })).toHaveCount(1);
  await expectAccessible(page);
});

test("a non-delivery report explains in plain words what happened", async ({ page }) => {
  const fileName = uniqueName("referral", "pdf");
  // Send five days and an hour "ago" by the mailbox server's clock, then come back: the sweep expires it.
  await moveMailboxClock(-(5 * DAY + HOUR), false);
  try {
    await sendFile(PRACTICE, { to: RECORDS, workflowId: AD_HOC_WORKFLOW, fileName, contentType: "application/pdf" }, "%PDF-1.4 test");
  } finally {
    await moveMailboxClock(5 * DAY + HOUR, true);
  }

  await signInAs(page, "tom.baker");
  const report = page.getByRole("row").filter({ hasText: "Delivery report" }).first();
  await expectListed(page, report);
  await report.getByRole("link", { name: "Delivery report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Delivery report" })).toBeVisible();
  await expect(
    page.getByText(/Your message “.*referral.*” to Northgate Hospitals NHS Trust \(R9XRECS1\) was not collected within 5 days/),
  ).toBeVisible();
  await expectAccessible(page);
});

test("a message about to leave the inbox stands out", async ({ page }) => {
  const fileName = uniqueName("results", "json");
  await moveMailboxClock(-(4 * DAY + 20 * HOUR), false);
  try {
    await sendFile(
      RECORDS,
      { to: PRACTICE, workflowId: AD_HOC_WORKFLOW, fileName, contentType: "application/json" },
      '{"resourceType":"Bundle"}',
    );
  } finally {
    await moveMailboxClock(4 * DAY + 20 * HOUR, true);
  }
  await signInAs(page, "tom.baker");
  const row = page.getByRole("row").filter({ hasText: fileName });
  await expectListed(page, row);
  await expect(row.getByText(/^(3|4) hours$/)).toBeVisible();
  await expectAccessible(page);
});

test("the inbox notices new messages by itself and says so politely", async ({ page }) => {
  await page.clock.install();
  await signInAs(page, "tom.baker");
  await expect(page).toHaveURL(/\/inbox$/);
  // When the session ends if nothing else happens (asking does not count as activity). Read once the page
  // has settled, after whatever it fetched on loading.
  await page.waitForLoadState("networkidle");
  const idleEndsAt = async () => ((await (await page.request.get("/api/session")).json()) as { idleExpiresAt: string }).idleExpiresAt;
  const idleEndBefore = await idleEndsAt();
  const fileName = uniqueName("late-arrival", "txt");
  await sendFile(RECORDS, { to: PRACTICE, workflowId: AD_HOC_WORKFLOW, fileName, contentType: "text/plain" }, "hello");
  // Drive the page's poll timer; the server checks MESH at most every 10 seconds, so keep polling until it has.
  const announcement = page.getByRole("status").filter({ hasText: "1 new message has arrived." });
  await expect(async () => {
    await page.clock.fastForward(20_000);
    await expect(announcement).toBeAttached({ timeout: 3_000 });
  }).toPass({ timeout: 40_000 });
  await expect(page.getByRole("row").filter({ hasText: fileName })).toBeVisible();
  await expect(page).toHaveTitle(/^Inbox \(\d+ unopened\)/);
  // Neither the polling nor the re-render it caused counted as activity: an inbox left open still signs out.
  expect(await idleEndsAt()).toBe(idleEndBefore);
  // The refresh is over, so what the person does next counts again.
  await expect.poll(() => page.evaluate(() => document.cookie)).not.toContain("mailroom-background-refresh=1");
  await expectAccessible(page);
});
