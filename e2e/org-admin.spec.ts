import { signInAs } from "./fixtures/sign-in";
import { expect, expectAccessible, test, type Page } from "./fixtures/test";

// Issue 16: an admin gives and removes access, the person sees and then loses the mailbox, the last
// admin cannot be removed, and the audit log is filtered and exported. Nina ends as she began: no grant.

async function openPeople(page: Page) {
  await signInAs(page, "priya.shah");
  await expect(page).toHaveURL(/\/mailboxes\/Y90001OT\/inbox$/);
  await page.getByRole("navigation", { name: "Mailbox" }).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People who can use this mailbox" })).toBeVisible();
}

test("an admin gives access, the person sees the mailbox, then loses it on their next click", async ({ page, browser }) => {
  // Nina signs in first with her Riverside role, so she is in the practice's directory.
  const nina = await (await browser.newContext()).newPage();
  await signInAs(nina, "nina.clarke");
  await expect(nina.getByRole("heading", { level: 1, name: "You do not have access to a mailbox yet" })).toBeVisible();

  await openPeople(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Give someone access" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("Choose a person or enter their CIS2 user ID");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await page.getByLabel("Choose someone from your organisation").selectOption({ label: "Nina Clarke (555000000008)" });
  await page.getByRole("radio", { name: "Member" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your answers before giving access" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Give access" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Access given");

  await nina.goto("/mailboxes");
  await expect(nina).toHaveURL(/\/mailboxes\/Y90001OT\/inbox$/);
  await expect(nina.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();

  await page.getByRole("link", { name: "Nina Clarke" }).click();
  await page.getByRole("link", { name: "Remove access for Nina Clarke" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Are you sure you want to remove Nina Clarke");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Remove access" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Access removed");

  await nina.getByRole("link", { name: "Send a file" }).click();
  await expect(nina.getByText("You no longer have access to mailbox Y90001OT")).toBeVisible();
  await expectAccessible(nina);
  await nina.context().close();
});

test("an admin cannot remove their own access or make themselves a member", async ({ page }) => {
  await openPeople(page);
  await page.getByRole("link", { name: "Priya Shah" }).click();
  await expect(page.getByText("This is you. You cannot change your own role or remove your own access")).toBeVisible();
  await expect(page.getByRole("link", { name: "Remove access for Priya Shah" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save role" })).toHaveCount(0);
  await expectAccessible(page);
});

test("the audit log is filtered, its chain checked, and exported as CSV", async ({ page, browser }) => {
  // A member trying the admin page leaves an entry to find.
  const tom = await (await browser.newContext()).newPage();
  await signInAs(tom, "tom.baker");
  expect((await tom.goto("/mailboxes/Y90001OT/admin"))?.status()).toBe(404);
  await tom.context().close();

  await openPeople(page);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await page.getByLabel("Action").selectOption({ label: "Admin page refused" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=admin-access-refused/);
  await expect(page.getByText("The audit trail is intact")).toBeVisible();
  await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText("Tom Baker");
  await expectAccessible(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export these entries as CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-Y90001OT-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await new Response((await file.createReadStream()) as unknown as ReadableStream).text();
  expect(text.split("\r\n")[0]).toContain('"Action"');
  expect(text).toContain('"admin-access-refused"');
  expect(text).not.toContain('"access-granted"');
});

test("an admin records an access review and sees when it was done", async ({ page }) => {
  await openPeople(page);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Access review" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Review who can use this mailbox" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Record review" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Access review recorded");
  await expect(page.getByText(/^Last reviewed .* by Priya Shah\.$/)).toBeVisible();
  await expect(page.getByText("A review is due")).toHaveCount(0);
  await expectAccessible(page);
});
