import { DEMO_PEOPLE } from "../lib/demo/data";
import { E2E } from "./fixtures/stack";
import { signInAs } from "./fixtures/sign-in";
import { expect, expectAccessible, test } from "./fixtures/test";

test("a receptionist signs in and lands straight in the practice mailbox", async ({ page }) => {
  await signInAs(page, "tom.baker");
  await expect(page).toHaveURL(/\/mailboxes\/Y90001OT\/inbox$/);
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Tom Baker");
  await expect(page.getByRole("navigation", { name: "Your mailboxes" })).toContainText("Riverside Medical Practice");
  await expectAccessible(page);
});

test("the practice manager lands in the practice mailbox too", async ({ page }) => {
  await signInAs(page, "priya.shah");
  await expect(page).toHaveURL(/\/mailboxes\/Y90001OT\/inbox$/);
  await expectAccessible(page);
});

test("a records clerk with two mailboxes chooses one", async ({ page }) => {
  await signInAs(page, "grace.okafor");
  await expect(page).toHaveURL(/\/mailboxes$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your mailboxes" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Northgate Hospitals – Pathology" }).first().click();
  await expect(page).toHaveURL(/\/mailboxes\/R9XPATH1\/inbox$/);
  await expectAccessible(page);
});

test("someone at another organisation sees only their own mailbox", async ({ page }) => {
  await signInAs(page, "dan.evans");
  await expect(page).toHaveURL(/\/mailboxes\/Y90002OT\/inbox$/);
  const response = await page.goto("/mailboxes/Y90001OT/inbox");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Riverside")).toHaveCount(0);
  await expectAccessible(page);
});

test("someone with no role at any organisation is told why and whom to ask", async ({ page }) => {
  await signInAs(page, "sam.lee");
  await expect(page).toHaveURL(/\/sign-in\/refused\?reason=no-organisation/);
  await expect(page.getByRole("heading", { level: 1, name: "You cannot use Mailroom with this account" })).toBeVisible();
  await expect(page.getByText("Registration Authority")).toBeVisible();
  await expectAccessible(page);
});

test("someone signed in at low assurance is refused, with a plain explanation", async ({ page }) => {
  await signInAs(page, "alex.morgan");
  await expect(page).toHaveURL(/\/sign-in\/refused\?reason=assurance/);
  await expect(page.getByText("not secure enough")).toBeVisible();
  await expectAccessible(page);
});

test("signing in returns to the page the person wanted", async ({ page }) => {
  await page.goto("/mailboxes/Y90001OT/inbox?page=1");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=/);
  await signInAs(page, "tom.baker", { from: page.url() });
  await expect(page).toHaveURL(/\/mailboxes\/Y90001OT\/inbox\?page=1$/);
  await expectAccessible(page);
});

test("a return path that leaves the site is ignored", async ({ page }) => {
  await signInAs(page, "tom.baker", { from: "/sign-in?returnTo=%2F%2Fevil.example%2Fphish" });
  await expect(page).toHaveURL(new RegExp(`^http://localhost:${E2E.webPort}/mailboxes`));
  await expectAccessible(page);
});

test("signing out ends the Mailroom and identity provider sessions", async ({ page }) => {
  await signInAs(page, "tom.baker");
  await expect(page).toHaveURL(/\/inbox$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  // The provider asks to confirm on its own page, then comes back.
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${E2E.identityPort}/`));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You have signed out" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/mailboxes/Y90001OT/inbox");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=/);
  // The provider forgot the person too: it asks for a login again.
  await page.getByRole("button", { name: "Sign in with NHS Care Identity" }).click();
  await expect(page.getByLabel("Username")).toBeVisible();
  await expectAccessible(page);
});

test("the idle warning lets the person stay signed in", async ({ page }) => {
  await page.clock.install();
  await signInAs(page, "tom.baker");
  await expect(page).toHaveURL(/\/inbox$/);
  // 28 minutes of nothing: the warning opens two minutes before the 30-minute idle sign-out.
  await page.clock.fastForward("28:30");
  await page.clock.runFor(2_000);
  const dialog = page.getByRole("dialog", { name: "You’re about to be signed out" });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Stay signed in" }).click();
  await expect(dialog).toBeHidden();
  // The new deadline is 30 minutes from now by this browser's clock, so a few seconds on it stays closed.
  await page.clock.runFor(5_000);
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
});

test("every demo person is listed on the identity provider's login page", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with NHS Care Identity" }).click();
  for (const person of DEMO_PEOPLE) await expect(page.getByText(person.description)).toBeVisible();
  await expectAccessible(page);
});

test("the start page leads a visitor to sign in, and a signed-in person to their mailbox", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signInAs(page, "tom.baker", { from: page.url() });
  await expect(page).toHaveURL(/\/mailboxes\/Y90001OT\/inbox$/);
  const sections = page.getByRole("navigation", { name: "Mailbox" });
  await expect(sections.getByRole("link", { name: /^Inbox/ })).toHaveAttribute("aria-current", "page");
  await expectAccessible(page);

  await page.goto("/");
  await expect(page.getByRole("button", { name: "Sign in" })).toHaveCount(0);
  await page.getByRole("link", { name: "Go to your mailbox" }).click();
  await expect(page).toHaveURL(/\/mailboxes\/Y90001OT\/inbox$/);
  await expectAccessible(page);
});
