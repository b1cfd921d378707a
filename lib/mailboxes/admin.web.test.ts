// Issue 16 items 2, 5, 6 and 7 over HTTP against the built app: the admin pages, their actions and the
// audit log, with an authorisation matrix over every admin route × (no session, member, admin of
// another organisation, admin), ids swapped in URLs and form bodies included.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtRoutes, type WebApp } from "@/lib/testing/web-app";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer, submitForm } from "@/lib/testing/web-sign-in";
import { Browser } from "@/services/identity/testing/http-client";

const M = "Y90001OT"; // Riverside: Priya is its admin, Tom a member
const OTHER = "Y90002OT"; // Hillside: Dan is its admin
const TOM = "555000000002";
const PRIYA = "555000000001";
const NINA = "555000000008";

let stack: SignInStack;
let app: WebApp;
const as: Record<string, Browser> = {};

/** Every admin address for mailbox `m` about person `p`. */
function adminRoutes(m: string, p: string) {
  return [
    { route: "/mailboxes/[mailboxId]/admin", url: `/mailboxes/${m}/admin` },
    { route: "/mailboxes/[mailboxId]/admin/grant", url: `/mailboxes/${m}/admin/grant` },
    { route: "/mailboxes/[mailboxId]/admin/grant/check", url: `/mailboxes/${m}/admin/grant/check?typed=555000000077&role=member` },
    { route: "/mailboxes/[mailboxId]/admin/people/[personId]", url: `/mailboxes/${m}/admin/people/${p}` },
    { route: "/mailboxes/[mailboxId]/admin/people/[personId]/remove", url: `/mailboxes/${m}/admin/people/${p}/remove` },
    { route: "/mailboxes/[mailboxId]/admin/audit", url: `/mailboxes/${m}/admin/audit` },
    { route: "/mailboxes/[mailboxId]/admin/review", url: `/mailboxes/${m}/admin/review` },
    { route: "/mailboxes/[mailboxId]/admin/settings", url: `/mailboxes/${m}/admin/settings` },
    { route: "/api/mailboxes/[mailboxId]/admin/audit/export", url: `/api/mailboxes/${m}/admin/audit/export` },
  ];
}

async function get(who: string | null, path: string): Promise<Response> {
  const url = `${app.url}${path}`;
  return who ? as[who]!.request(url) : fetch(url, { redirect: "manual" });
}

async function status(who: string | null, path: string): Promise<number> {
  const res = await get(who, path);
  await res.body?.cancel();
  return res.status;
}

async function page(who: string, path: string): Promise<{ url: URL; html: string; status: number }> {
  const res = await get(who, path);
  return { url: new URL(`${app.url}${path}`), html: await res.text(), status: res.status };
}

/** Submits the form containing `marker` on `path` as `who` (or, forged, as `sender`); returns where it redirected. */
async function submit(who: string, path: string, marker: string, sender = who): Promise<string | null> {
  const { url, html } = await page(who, path);
  const res = await submitForm(as[sender]!, url, html, marker);
  await res.body?.cancel();
  return res.headers.get("location");
}

async function peopleHtml(): Promise<string> {
  return (await page("priya.shah", `/mailboxes/${M}/admin`)).html;
}

beforeAll(async () => {
  stack = await startSignInStack({ issuer: { claims: cis2Claims("tom.baker") } });
  app = stack.app;
  for (const username of ["priya.shah", "tom.baker", "dan.evans", "nina.clarke"]) {
    as[username] = await signInDemoPersonThroughFakeIssuer(stack.fake, app, username);
  }
});

afterAll(async () => {
  await stack?.stop();
});

describe("authorisation matrix", () => {
  it("covers every admin route in the build", () => {
    const { pages, handlers } = builtRoutes();
    const built = [...pages, ...handlers].filter((r) => r.includes("/admin"));
    expect(built.sort()).toEqual(
      adminRoutes(M, TOM)
        .map((r) => r.route)
        .sort(),
    );
  });

  it.each(adminRoutes(M, TOM).map((r) => [r.route, r.url]))("%s: sign-in, 404, 404, 200", async (_route, url) => {
    const api = url.startsWith("/api/");
    expect(await status(null, url), "no session").toBe(api ? 401 : 307);
    expect(await status("tom.baker", url), "member").toBe(404);
    expect(await status("dan.evans", url), "admin of another organisation").toBe(404);
    expect(await status("nina.clarke", url), "no grant").toBe(404);
    expect(await status("priya.shah", url), "admin").toBe(200);
  });

  it("answers 404 to an admin for a person of another mailbox put in the URL", async () => {
    // Dan is an admin, but Tom has no grant on Dan's mailbox; nor has Dan on Priya's.
    expect(await status("dan.evans", `/mailboxes/${OTHER}/admin/people/${TOM}`)).toBe(404);
    expect(await status("dan.evans", `/mailboxes/${OTHER}/admin/people/${TOM}/remove`)).toBe(404);
    expect(await status("priya.shah", `/mailboxes/${M}/admin/people/555000000004`)).toBe(404);
    expect(await status("priya.shah", `/mailboxes/${M}/admin/people/not-an-id`)).toBe(404);
  });

  it("ignores forms replayed by someone who is not an admin of the bound mailbox", async () => {
    const removeTom = `/mailboxes/${M}/admin/people/${TOM}/remove`;
    for (const sender of ["tom.baker", "dan.evans", "nina.clarke"]) {
      await submit("priya.shah", removeTom, "Remove access", sender);
      expect(await peopleHtml(), sender).toContain(`/admin/people/${TOM}"`);
    }
    // A form of Dan's own mailbox, with Tom's id swapped into the body: Tom has no grant there, so nothing changes.
    // (Jo's page: nobody has a remove form for their own access.)
    const { url, html } = await page("dan.evans", `/mailboxes/${OTHER}/admin/people/555000000007/remove`);
    const res = await submitForm(as["dan.evans"]!, url, html.replace('value="555000000007"', `value="${TOM}"`), "Remove access");
    await res.body?.cancel();
    expect(await peopleHtml()).toContain(`/admin/people/${TOM}"`);
  });

  it("ignores settings forms replayed by others, or sent by another admin with this mailbox's id swapped in", async () => {
    const settings = `/mailboxes/${M}/admin/settings`;
    const renamed = (html: string) => html.replace(/name="displayName" value="[^"]*"/, 'name="displayName" value="Taken over"');
    for (const sender of ["tom.baker", "dan.evans", "nina.clarke"]) {
      for (const marker of ["Save display name", "Replace credentials", "Test the connection"]) {
        const { url, html } = await page("priya.shah", settings);
        const res = await submitForm(as[sender]!, url, renamed(html).replace('name="password"', 'name="password" value="forged"'), marker);
        await res.body?.cancel();
        expect(res.status, `${marker} sent by ${sender}`).toBe(404);
      }
    }
    // Dan's own form for his mailbox, with Priya's mailbox id swapped into the bound argument.
    const { url, html } = await page("dan.evans", `/mailboxes/${OTHER}/admin/settings`);
    const res = await submitForm(as["dan.evans"]!, url, renamed(html).replaceAll(OTHER, M), "Save display name");
    await res.body?.cancel();
    expect(res.status).toBe(404);
    const after = await page("priya.shah", settings);
    expect(after.html).toContain('name="displayName" value="Riverside Medical Practice"');
    expect(after.html).toContain("Not replaced since the mailbox was set up");
    expect(after.html).not.toContain("Last tested");
  });

  it("shows the Admin link only to the mailbox's admins", async () => {
    expect((await page("priya.shah", `/mailboxes/${M}/inbox`)).html).toContain(`href="/mailboxes/${M}/admin"`);
    expect((await page("tom.baker", `/mailboxes/${M}/inbox`)).html).not.toContain("/admin");
  });
});

describe("people", () => {
  it("gives access after check your answers, and the person sees the mailbox", async () => {
    const check = await page("priya.shah", `/mailboxes/${M}/admin/grant/check?chosen=${NINA}&role=member`);
    expect(check.html).toContain("Check your answers before giving access");
    expect(check.html).toContain("Nina Clarke");
    expect(await status("nina.clarke", `/mailboxes/${M}/inbox`)).toBe(404);
    const location = await submit("priya.shah", `/mailboxes/${M}/admin/grant/check?chosen=${NINA}&role=member`, "Give access");
    expect(location).toContain("done=granted");
    expect(await status("nina.clarke", `/mailboxes/${M}/inbox`)).toBe(200);
  });

  it("sends the form back with errors for a bad ID, a missing role and someone who already has access", async () => {
    const res = await get("priya.shah", `/mailboxes/${M}/admin/grant/check?typed=12345`);
    expect(res.status).toBe(307);
    const back = res.headers.get("location")!;
    const form = await page("priya.shah", back);
    expect(form.html).toContain("Enter a CIS2 user ID of 12 digits");
    expect(form.html).toContain("Select a role");
    const again = await get("priya.shah", `/mailboxes/${M}/admin/grant/check?typed=${TOM}&role=member`);
    expect((await page("priya.shah", again.headers.get("location")!)).html).toContain("That person already has access");
  });

  it("shows a pre-grant to someone who has not signed in as such", async () => {
    await submit("priya.shah", `/mailboxes/${M}/admin/grant/check?typed=555000000077&role=member`, "Give access");
    const html = await peopleHtml();
    expect(html).toContain("CIS2 user 555000000077");
    expect(html).toContain("Not signed in yet");
  });

  it("changes a role", async () => {
    const { url, html } = await page("priya.shah", `/mailboxes/${M}/admin/people/${NINA}`);
    // submitForm sends every input it finds, checked or not: leaving out the member radio chooses admin.
    const res = await submitForm(as["priya.shah"]!, url, html.replace(/<input[^>]*value="member"[^>]*>/, ""), "Save role");
    await res.body?.cancel();
    expect(res.headers.get("location")).toContain("done=changed");
  });

  it("refuses an admin's change to their own access, so the mailbox keeps an admin who can use it", async () => {
    // Nina is an admin now; make her a member again, leaving Priya the only admin.
    const { url, html } = await page("priya.shah", `/mailboxes/${M}/admin/people/${NINA}`);
    const body = html.replace(/<input[^>]*value="admin"[^>]*>/, "");
    await (await submitForm(as["priya.shah"]!, url, body, "Save role")).body?.cancel();
    const mine = await page("priya.shah", `/mailboxes/${M}/admin/people/${PRIYA}`);
    expect(mine.html).toContain("This is you. You cannot change your own role or remove your own access");
    expect(mine.html).not.toContain("Save role");
    const removePage = await get("priya.shah", `/mailboxes/${M}/admin/people/${PRIYA}/remove`);
    await removePage.body?.cancel();
    expect(removePage.status).toBe(307);
    // Nina's form with Priya's id in it: the action refuses it too.
    const forged = body.replace(new RegExp(`name="personId" value="${NINA}"`), `name="personId" value="${PRIYA}"`);
    const demote = await submitForm(as["priya.shah"]!, url, forged, "Save role");
    await demote.body?.cancel();
    expect(demote.headers.get("location")).toContain("error=self");
    expect(await status("priya.shah", `/mailboxes/${M}/admin`)).toBe(200);
  });

  it("removes access after confirmation; the person loses the mailbox on the next request and is told", async () => {
    expect(await status("nina.clarke", `/mailboxes/${M}/inbox`)).toBe(200);
    const location = await submit("priya.shah", `/mailboxes/${M}/admin/people/${NINA}/remove`, "Remove access");
    expect(location).toContain("done=removed");
    const next = await get("nina.clarke", `/mailboxes/${M}/inbox`);
    await next.body?.cancel();
    expect(next.status).toBe(307);
    const told = await page("nina.clarke", next.headers.get("location")!);
    expect(told.html).toContain(`You no longer have access to mailbox ${M}`);
    // A crafted link says nothing to someone whose access was not removed.
    expect((await page("dan.evans", `/mailboxes?removed=${M}`)).html).not.toContain("You no longer have access");
  });
});

describe("access review", () => {
  const review = `/mailboxes/${M}/admin/review`;

  it("asks for a review when there has been none", async () => {
    const { html } = await page("priya.shah", review);
    expect(html).toContain("has not been reviewed in Mailroom yet");
    expect(html).toContain("A review is due");
  });

  it("refuses a review that would leave no admin, changing nothing", async () => {
    const { url, html } = await page("priya.shah", review);
    // Only the "switch" choice for Priya (the only admin) and "keep" for the others reach the form body.
    const forged = html
      .replace(new RegExp(`<input[^>]*name="decision-${PRIYA}"[^>]*value="keep"[^>]*>`), "")
      .replace(new RegExp(`<input[^>]*name="decision-${PRIYA}"[^>]*value="remove"[^>]*>`), "");
    const res = await submitForm(as["priya.shah"]!, url, keepOnly(forged, PRIYA), "Record review");
    await res.body?.cancel();
    expect(res.headers.get("location")).toContain("error=no-admin-left");
    expect(await status("priya.shah", `/mailboxes/${M}/admin`)).toBe(200);
  });

  it("records each person's outcome and applies it", async () => {
    const { url, html } = await page("priya.shah", review);
    const pre = "555000000077";
    const forged = html.replace(new RegExp(`<input[^>]*name="decision-${pre}"[^>]*value="(keep|switch)"[^>]*>`, "g"), "");
    const res = await submitForm(as["priya.shah"]!, url, keepOnly(forged, pre), "Record review");
    await res.body?.cancel();
    expect(res.headers.get("location")).toContain("done=1");
    const after = await page("priya.shah", review);
    expect(after.html).toMatch(/Last reviewed .* by (<!-- -->)?Priya Shah/);
    expect(after.html).not.toContain("A review is due");
    expect(await peopleHtml()).not.toContain(pre);
  });
});

/** Leaves only the first remaining radio of each person other than `except`, so the body carries one choice each. */
function keepOnly(html: string, except: string): string {
  return html.replace(/<input[^>]*name="decision-(\d{12})"[^>]*value="(switch|remove)"[^>]*>/g, (input, id: string) =>
    id === except ? input : "",
  );
}

describe("audit log", () => {
  it("lists the admin changes, filtered, with the chain checked", async () => {
    const { html } = await page("priya.shah", `/mailboxes/${M}/admin/audit?action=access-removed`);
    expect(html).toContain("Access removed");
    expect(html).not.toContain("Access given</td>");
    expect(html).toContain("The audit trail is intact");
    const bad = await page("priya.shah", `/mailboxes/${M}/admin/audit?person=abc&from=2026-02-31`);
    expect(bad.html).toContain("Enter a CIS2 user ID of 12 digits");
    expect(bad.html).toContain("Enter the start date as a real date");
  });

  it("exports the filtered rows as CSV with formula-looking text defused", async () => {
    const res = await get("priya.shah", `/api/mailboxes/${M}/admin/audit/export?action=access-granted`);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-Y90001OT-/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^"Entry","When \(UTC\)","Person"/);
    expect(lines.length).toBe(3); // header, Nina, the pre-grant
    expect(lines.every((line, i) => i === 0 || line.includes('"access-granted"'))).toBe(true);
  });

  it("defuses a formula in an exported cell and reports where the chain breaks after a row is edited", async () => {
    if (stack.database.kind !== "postgres") return; // PGlite is one process's; the web tests normally run on PostgreSQL
    const client = new pg.Client({ connectionString: stack.database.url });
    await client.connect();
    try {
      await client.query(`insert into audit_log (action, mailbox_id, message_id) values ('download', $1, '=HYPERLINK("http://x")')`, [M]);
      const csv = await (await get("priya.shah", `/api/mailboxes/${M}/admin/audit/export?action=download`)).text();
      expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
      const { rows } = await client.query<{ id: string }>(`select id from audit_log where mailbox_id = $1 and action = 'access-removed'`, [
        M,
      ]);
      const id = rows[0]!.id;
      await client.query("alter table audit_log disable trigger audit_log_no_update_or_delete");
      await client.query(`update audit_log set actor = '555000000004' where id = $1`, [id]);
      await client.query("alter table audit_log enable trigger audit_log_no_update_or_delete");
      const { html } = await page("priya.shah", `/mailboxes/${M}/admin/audit`);
      expect(html).toContain("The audit trail has been tampered with");
      expect(html).toContain(`Entry ${id} was changed after it was written`);
    } finally {
      await client.end();
    }
  });
});
