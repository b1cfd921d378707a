// Every page in its states (issue 18): empty, with errors, with long data, the problem pages, Sent and
// the admin pages, each checked by axe against WCAG 2.2 AA at a desktop width, at 320 CSS pixels (WCAG
// 1.4.10 reflow: no scrolling in two directions; a wide table may scroll inside its own box) and at 200%
// zoom (a 1280 px screen at twice the size).
import type { Page } from "@playwright/test";
import { AD_HOC_WORKFLOW } from "../lib/demo/data";
import { expectListed } from "./fixtures/inbox";
import { sendFile, uniqueName } from "./fixtures/mesh";
import { reachCheckYourAnswers, slowUploads } from "./fixtures/send-form";
import { signInAs } from "./fixtures/sign-in";
import { expect, expectAccessible, test } from "./fixtures/test";

const PRACTICE = "Y90001OT";
const RECORDS = "R9XRECS1";

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900, scale: 1 },
  { name: "320 px wide", width: 320, height: 640, scale: 1 },
  { name: "200% zoom", width: 640, height: 450, scale: 2 },
] as const;

// Each test checks several pages at three widths with axe: minutes, not the usual seconds.
test.describe.configure({ timeout: 300_000 });

type State = { name: string; open: (page: Page) => Promise<void> };

/** Opens each state at each width, checks it with axe, and checks that the page itself never scrolls sideways. */
async function checkStates(page: Page, states: State[]) {
  for (const state of states) {
    for (const viewport of VIEWPORTS) {
      await test.step(`${state.name}, ${viewport.name}`, async () => {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await state.open(page);
        await expectAccessible(page);
        const overflow = await page.evaluate(() => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth + 1) return [];
          // The page scrolls sideways: name what sticks out, outside any box that scrolls on its own.
          const scrollsItself = (el: Element) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
          return [...document.body.querySelectorAll<HTMLElement>("*")]
            .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
            .filter((el) => {
              for (let up = el.parentElement; up; up = up.parentElement) if (scrollsItself(up)) return false;
              return true;
            })
            .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].join(".")}`)
            .slice(0, 5);
        });
        expect(overflow, `${state.name} at ${viewport.name}: wider than the screen`).toEqual([]);
      });
    }
  }
}

const visit = (path: string, ready: (page: Page) => Promise<void>) => async (page: Page) => {
  await page.goto(path);
  await ready(page);
};
const heading = (name: string | RegExp) => (page: Page) => expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

test("the pages before signing in", async ({ page }) => {
  await checkStates(page, [
    { name: "start page", open: visit("/", (p) => expect(p.locator("h1")).toBeVisible()) },
    { name: "sign in", open: visit("/sign-in", heading("Sign in to Mailroom")) },
    { name: "sign in after an idle timeout", open: visit("/sign-in?reason=idle", heading("Sign in to Mailroom")) },
    { name: "sign-in problem", open: visit("/sign-in/problem", (p) => expect(p.locator("h1")).toBeVisible()) },
    { name: "signed out", open: visit("/signed-out", (p) => expect(p.locator("h1")).toBeVisible()) },
    {
      name: "sign-in refused, low assurance",
      open: visit("/sign-in/refused?reason=assurance", (p) => expect(p.locator("h1")).toBeVisible()),
    },
    {
      name: "sign-in refused, no organisation",
      open: visit("/sign-in/refused?reason=no-organisation", (p) => expect(p.locator("h1")).toBeVisible()),
    },
    { name: "page not found", open: visit("/no-such-page", heading("Page not found")) },
  ]);
});

test("the inbox, a message and its preview, with long data", async ({ page }) => {
  // No space or dash to break at: the name must still wrap inside its cell.
  const longName = uniqueName("QuarterlyDischargeSummaryForTheWholePractice".repeat(5), "csv");
  const wideCsv = `${Array.from({ length: 30 }, (_, i) => `Column heading number ${i}`).join(",")}\n${Array.from({ length: 30 }, () => "a value that is rather long").join(",")}\n`;
  await sendFile(
    RECORDS,
    { to: PRACTICE, workflowId: AD_HOC_WORKFLOW, fileName: longName, subject: "A subject ".repeat(40).trim(), contentType: "text/csv" },
    wideCsv,
  );
  await signInAs(page, "tom.baker");
  await expect(page).toHaveURL(/\/inbox$/);
  const row = page.getByRole("row").filter({ hasText: longName });
  await expectListed(page, row);
  const messageUrl = new URL((await row.getByRole("link", { name: longName }).getAttribute("href"))!, page.url()).pathname;
  const table = page.getByRole("table");
  expect(await table.evaluate((t) => t.scrollWidth - (t.closest(".nhsuk-table-container")?.clientWidth ?? 0))).toBeLessThanOrEqual(0);

  await checkStates(page, [
    { name: "mailboxes", open: visit("/mailboxes", (p) => expect(p.locator("h1")).toBeVisible()) },
    { name: "inbox with long data", open: visit(`/mailboxes/${PRACTICE}/inbox`, () => expect(row).toBeVisible()) },
    {
      name: "inbox search with no results",
      open: visit(`/mailboxes/${PRACTICE}/inbox?q=no-file-is-called-this`, (p) => expect(p.getByRole("table")).toHaveCount(0)),
    },
    { name: "message", open: visit(messageUrl, heading(longName)) },
    { name: "preview of a wide CSV", open: visit(`${messageUrl}/preview`, (p) => expect(p.getByRole("table")).toBeVisible()) },
  ]);
});

test("sending: the form, its errors, the problem page and the confirmation", async ({ page }) => {
  await signInAs(page, "grace.okafor");
  await expect(page).toHaveURL(/\/mailboxes/);
  const send = `/mailboxes/${RECORDS}/send`;
  await checkStates(page, [
    { name: "send form", open: visit(send, heading("Send a file")) },
    {
      name: "send form with errors",
      open: async (p) => {
        await p.goto(send);
        await p.getByRole("button", { name: "Continue" }).click();
        await expect(p.getByRole("alert", { name: "There is a problem" })).toBeVisible();
      },
    },
    { name: "MESH unreachable", open: visit(`${send}?error=mesh-unreachable&meshCode=02`, heading("Your file was not sent")) },
    { name: "a refused send", open: visit(`${send}?error=file-too-large&field=file`, heading("Send a file")) },
  ]);

  // Check your answers and the confirmation come from a real send.
  const fileName = uniqueName("every-page", "csv");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(send);
  await reachCheckYourAnswers(page, { recipient: PRACTICE, fileName, content: Buffer.from("a,b\n1,2\n") });
  await expect(page.getByRole("heading", { level: 1, name: "Check your answers before sending your file" })).toBeVisible();
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await expectAccessible(page);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "Send file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "File sent" })).toBeVisible();
  const confirmation = new URL(page.url()).pathname;
  await checkStates(page, [{ name: "confirmation", open: visit(confirmation, heading("File sent")) }]);
});

test("Sent: with long data, filtered to nothing, nothing sent yet, and a sent message", async ({ page }) => {
  await signInAs(page, "grace.okafor");
  await expect(page).toHaveURL(/\/mailboxes$/);
  const fileName = uniqueName("SentWithALongNameAndNoSpacesAtAll".repeat(6), "csv");
  await page.goto(`/mailboxes/${RECORDS}/send`);
  const subject = "A subject ".repeat(40).trim();
  await reachCheckYourAnswers(page, { recipient: PRACTICE, fileName, content: Buffer.from("a,b\n1,2\n"), subject });
  await page.getByRole("button", { name: "Send file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "File sent" })).toBeVisible();
  const sent = `/mailboxes/${RECORDS}/sent`;
  await page.goto(sent);
  const row = page.getByRole("row").filter({ hasText: fileName });
  const messageUrl = new URL((await row.getByRole("link", { name: fileName }).getAttribute("href"))!, page.url()).pathname;
  const table = page.getByRole("table");
  expect(await table.evaluate((t) => t.scrollWidth - (t.closest(".nhsuk-table-container")?.clientWidth ?? 0))).toBeLessThanOrEqual(0);

  await checkStates(page, [
    { name: "Sent with long data", open: visit(sent, () => expect(row).toBeVisible()) },
    { name: "Sent filtered to nothing", open: visit(`${sent}?q=no-file-is-called-this`, heading("Sent")) },
    { name: "Sent, another mailbox", open: visit(`/mailboxes/R9XPATH1/sent`, heading("Sent")) },
    { name: "a sent message", open: visit(messageUrl, heading(fileName)) },
  ]);
});

test("admin: people, a person, giving access with its errors, removing, the review and the audit log", async ({ page }) => {
  await signInAs(page, "priya.shah");
  await expect(page).toHaveURL(/\/inbox$/);
  const admin = `/mailboxes/${PRACTICE}/admin`;
  const grantForm = async (p: Page) => {
    await p.goto(`${admin}/grant`);
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
  };
  // A grant given and removed, so the audit log has rows (an empty log shows no table at all).
  await grantForm(page);
  await page.getByLabel(/CIS2 user ID$/).fill("555000000998");
  await page.getByRole("radio", { name: "Member" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Give access" }).click();
  await page.getByRole("link", { name: "CIS2 user 555000000998" }).click();
  await page.getByRole("link", { name: /^Remove access/ }).click();
  await page.getByRole("button", { name: "Remove access" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Access removed");
  await checkStates(page, [
    { name: "people", open: visit(admin, heading("People who can use this mailbox")) },
    { name: "a person", open: visit(`${admin}/people/555000000002`, heading(/Tom Baker/)) },
    { name: "removing someone", open: visit(`${admin}/people/555000000002/remove`, heading(/Are you sure/)) },
    { name: "giving access", open: grantForm },
    {
      name: "giving access, with errors",
      open: async (p) => {
        await grantForm(p);
        await p.getByRole("button", { name: "Continue" }).click();
        await expect(p.getByRole("alert", { name: "There is a problem" })).toBeVisible();
      },
    },
    {
      name: "giving access, check your answers",
      open: async (p) => {
        await grantForm(p);
        await p.getByLabel(/CIS2 user ID$/).fill("555000000999");
        await p.getByRole("radio", { name: "Member" }).check();
        await p.getByRole("button", { name: "Continue" }).click();
        await expect(p.getByRole("heading", { level: 1, name: "Check your answers before giving access" })).toBeVisible();
      },
    },
    { name: "access review", open: visit(`${admin}/review`, (p) => expect(p.locator("h1")).toBeVisible()) },
    { name: "audit log", open: visit(`${admin}/audit`, (p) => expect(p.getByRole("table")).toBeVisible()) },
    {
      name: "audit log, filter with errors",
      open: visit(`${admin}/audit?person=not-an-id`, (p) => expect(p.getByRole("alert", { name: "There is a problem" })).toBeVisible()),
    },
    {
      name: "audit log, filtered to nothing",
      open: visit(`${admin}/audit?person=555000000999`, (p) => expect(p.locator("h1")).toBeVisible()),
    },
  ]);
});

test("the mailbox settings page, as it opens and with an error on each form", async ({ page }) => {
  const settings = "/mailboxes/Y90002OT/admin/settings";
  await signInAs(page, "dan.evans");
  await expect(page).toHaveURL(/\/inbox$/);
  await checkStates(page, [
    { name: "mailbox settings", open: visit(settings, heading("Mailbox settings")) },
    {
      name: "mailbox settings with errors",
      open: visit(`${settings}?nameError=long&name=${"A long name ".repeat(8)}&passwordError=missing`, (p) =>
        expect(p.getByRole("alert", { name: "There is a problem" })).toContainText("Enter the mailbox password"),
      ),
    },
  ]);
});

test("a file on its way: the send page's progress and Sent's Sending row", async ({ page }) => {
  const fileName = uniqueName("every-page-sending", "bin");
  await signInAs(page, "grace.okafor");
  await expect(page).toHaveURL(/\/mailboxes$/);
  await page.goto(`/mailboxes/${RECORDS}/send`);
  const content = Buffer.alloc(3_000_000, 7);
  await reachCheckYourAnswers(page, { recipient: PRACTICE, fileName, content, mimeType: "application/octet-stream" });
  // A slow connection keeps the upload under way while both pages are checked; it is cancelled after.
  const restoreUploads = await slowUploads(page, 50_000);
  await page.getByRole("button", { name: "Send file" }).click();
  await expect(page.getByRole("progressbar")).toBeVisible();
  try {
    await checkStates(page, [{ name: "uploading", open: (p) => expect(p.getByRole("progressbar")).toBeVisible() }]);
    const sent = await page.context().newPage();
    const row = sent.getByRole("row").filter({ hasText: fileName });
    await checkStates(sent, [
      { name: "Sent with a file sending", open: visit(`/mailboxes/${RECORDS}/sent`, () => expect(row).toContainText("Sending")) },
    ]);
    await sent.close();
  } finally {
    await page.getByRole("button", { name: "Cancel sending" }).click();
    await restoreUploads();
  }
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Nothing was sent.");
});
