import { signInAs } from "./fixtures/sign-in";
import { expect, expectAccessible, test, type Page } from "./fixtures/test";

// Issue 16 item 6: an admin reads what MESH owns, renames the mailbox, replaces its MESH password (once
// wrongly, to see the plain-words failure, then with the demo mailbox's real one) and tests the
// connection. Hillside's mailbox ends with its own name and password.

const MAILBOX = "Y90002OT";

async function openSettings(page: Page) {
  await signInAs(page, "dan.evans");
  await expect(page).toHaveURL(new RegExp(`/mailboxes/${MAILBOX}/inbox$`));
  await page.getByRole("navigation", { name: "Mailbox" }).getByRole("link", { name: "Admin" }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mailbox settings" })).toBeVisible();
}

async function rename(page: Page, name: string) {
  await page.getByLabel("Display name").fill(name);
  await page.getByRole("button", { name: "Save display name" }).click();
}

async function replacePassword(page: Page, password: string) {
  await page.getByLabel("Mailbox password").fill(password);
  await page.getByRole("button", { name: "Replace credentials" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("MESH credentials replaced");
  await expect(page.getByLabel("Mailbox password")).toHaveValue("");
}

test("an admin renames the mailbox, replaces its credentials and tests the connection", async ({ page }) => {
  await openSettings(page);
  const workflows = page.getByRole("table", { name: "Workflows this mailbox may send and receive" });
  await expect(workflows.getByRole("row", { name: /Pathology report PATH_MEDRPT_V3 Yes Yes/ })).toBeVisible();
  await expect(page.getByText("No CC or redirect rules apply to this mailbox.")).toBeVisible();
  await expectAccessible(page);

  await rename(page, "   ");
  await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("Enter a display name");
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);
  await rename(page, "Hillside Surgery front desk");
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Display name changed");
  await expect(page.getByRole("navigation", { name: "Your mailboxes" })).toContainText("Hillside Surgery front desk");
  await rename(page, "Hillside Surgery");
  await expect(page.getByRole("navigation", { name: "Your mailboxes" })).toContainText("Hillside Surgery");

  await page.getByRole("button", { name: "Replace credentials" }).click();
  await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("Enter the mailbox password");
  await expectAccessible(page);

  await replacePassword(page, "not-the-right-password");
  await expect(page.getByText(/Last replaced.*by Dan Evans/)).toBeVisible();
  await page.getByRole("button", { name: "Test the connection" }).click();
  const failed = page.getByRole("region", { name: "The connection test failed" });
  await expect(failed).toContainText("Wrong password or not authorised");
  await expect(failed).toContainText("MESH refused the mailbox ID and password");
  await expectAccessible(page);

  await replacePassword(page, "hillside-mesh-pw");
  await page.getByRole("button", { name: "Test the connection" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Connected");
  await expect(page.getByText(/Last tested .* by Dan Evans: connected\./)).toBeVisible();
  // Credentials replaced and tested.
  await expectAccessible(page);
});
