// Issue 16 item 6 over HTTP against the built app and the real mailbox server: the settings page, its
// three actions without JavaScript, what they audit, and forms replayed or altered by someone else.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebApp } from "@/lib/testing/web-app";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer, submitForm } from "@/lib/testing/web-sign-in";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";
import type { Browser } from "@/services/identity/testing/http-client";

const HILLSIDE = "Y90002OT"; // Dan is its admin
const RIVERSIDE = "Y90001OT"; // Priya is its admin, Tom a member
const settingsOf = (m: string) => `/mailboxes/${m}/admin/settings`;

let mailbox: RunningMailbox;
let nhsLike: http.Server;
let stack: SignInStack;
let app: WebApp;
const as: Record<string, Browser> = {};

/**
 * Stands in for NHS MESH in front of the real mailbox server: everything passes, except that Riverside's
 * configuration view is not there (NHS MESH has no such endpoint and answers 404).
 */
function startNhsLikeMesh(target: URL): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith(`/messageexchange/${RIVERSIDE}/mailroom/`)) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"detail":[{"msg":"Not Found"}]}');
      return;
    }
    const upstream = http.request(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function page(who: string, path: string): Promise<{ url: URL; html: string; status: number }> {
  const res = await as[who]!.request(`${app.url}${path}`);
  return { url: new URL(`${app.url}${path}`), html: await res.text(), status: res.status };
}

/** Submits the form holding `marker` on `who`'s settings page of mailbox `m`, after `edit` changes its HTML; sent as `sender`. */
async function submit(who: string, m: string, marker: string, edit: (html: string) => string = (h) => h, sender = who) {
  const { url, html } = await page(who, settingsOf(m));
  const res = await submitForm(as[sender]!, url, edit(html), marker);
  await res.body?.cancel();
  return { status: res.status, location: res.headers.get("location") };
}

const withValue = (name: string, value: string) => (html: string) =>
  html.replace(new RegExp(`(<input[^>]*name="${name}")`), `$1 value="${value.replace(/"/g, "&quot;")}"`);

beforeAll(async () => {
  mailbox = await startMailbox();
  nhsLike = await startNhsLikeMesh(new URL(mailbox.url));
  const meshUrl = `http://127.0.0.1:${(nhsLike.address() as AddressInfo).port}`;
  stack = await startSignInStack({ issuer: { claims: cis2Claims("dan.evans") }, env: { MESH_URL: meshUrl } });
  app = stack.app;
  for (const username of ["dan.evans", "priya.shah", "tom.baker"]) {
    as[username] = await signInDemoPersonThroughFakeIssuer(stack.fake, app, username);
  }
});

afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => nhsLike?.close(resolve));
  await mailbox?.stop();
});

describe("what MESH owns", () => {
  it("lists the mailbox's workflows by name and says no rules apply", async () => {
    const { html, status } = await page("dan.evans", settingsOf(HILLSIDE));
    expect(status).toBe(200);
    expect(html).toContain("Workflows this mailbox may send and receive");
    expect(html).toContain("Pathology report");
    expect(html).toContain("<code>PATH_MEDRPT_V3</code>");
    expect(html).toContain("No CC or redirect rules apply to this mailbox.");
    expect(html).toMatch(new RegExp(`<a aria-current="page"[^>]*href="${settingsOf(HILLSIDE)}">Settings</a>`));
  });

  it("says the MESH service team manages them where MESH has no such view", async () => {
    const { html } = await page("priya.shah", settingsOf(RIVERSIDE));
    expect(html).toContain("The MESH service team manages the workflows this mailbox may send and receive");
    expect(html).not.toContain("Workflows this mailbox may send and receive</caption>");
  });
});

describe("display name", () => {
  it("sends an empty name back with the error, then renames the mailbox everywhere, audited", async () => {
    const empty = await submit("dan.evans", HILLSIDE, "Save display name", (h) => h.replace(/value="Hillside Surgery"/, 'value="  "'));
    expect(empty.location).toContain("nameError=missing");
    const back = await page("dan.evans", empty.location!);
    expect(back.html).toContain("<title>Error: Mailbox settings");
    expect(back.html).toContain("Enter a display name");
    const long = await submit("dan.evans", HILLSIDE, "Save display name", (h) =>
      h.replace(/value="Hillside Surgery"/, `value="${"x".repeat(81)}"`),
    );
    expect((await page("dan.evans", long.location!)).html).toContain(`value="${"x".repeat(81)}"`);

    const renamed = await submit("dan.evans", HILLSIDE, "Save display name", (h) =>
      h.replace(/value="Hillside Surgery"/, 'value="Hillside Surgery front desk"'),
    );
    expect(renamed.location).toBe(`${settingsOf(HILLSIDE)}?done=name`);
    expect((await page("dan.evans", "/mailboxes")).html).toContain("Hillside Surgery front desk");
    expect((await page("dan.evans", `/mailboxes/${HILLSIDE}/inbox`)).html).toContain("Hillside Surgery front desk");
    const audit = await page("dan.evans", `/mailboxes/${HILLSIDE}/admin/audit?action=mailbox-renamed`);
    expect(audit.html).toContain("Display name changed");
  });
});

describe("credentials and the connection test", () => {
  const test = () => submit("dan.evans", HILLSIDE, "Test the connection");

  it("says connected with the seeded credentials", async () => {
    const tested = await test();
    expect(tested.location).toBe(`${settingsOf(HILLSIDE)}?done=tested`);
    const { html } = await page("dan.evans", tested.location!);
    expect(html).toContain("MESH accepted this mailbox&#x27;s credentials.");
  });

  it("refuses an empty password, and a certificate for a mailbox that reaches MESH over http", async () => {
    const empty = await submit("dan.evans", HILLSIDE, "Replace credentials");
    expect(empty.location).toContain("passwordError=missing");
    expect((await page("dan.evans", empty.location!)).html).toContain("Enter the mailbox password");
    const withCert = await submit("dan.evans", HILLSIDE, "Replace credentials", (h) =>
      withValue(
        "password",
        "x",
      )(h).replace('name="password"', 'name="certificate" value="-----BEGIN CERTIFICATE-----"><input name="password"'),
    );
    expect(withCert.location).toContain("certificateError=not-https");
    expect((await page("dan.evans", withCert.location!)).html).toContain("reaches MESH over http, which takes no client certificate");
  });

  it("replaces the password write-only; a wrong one tests as not authorised, the right one as connected", async () => {
    const wrong = await submit("dan.evans", HILLSIDE, "Replace credentials", withValue("password", "not-the-password"));
    expect(wrong.location).toBe(`${settingsOf(HILLSIDE)}?done=credentials`);
    const after = await page("dan.evans", wrong.location!);
    expect(after.html).toContain("MESH credentials replaced");
    expect(after.html).toMatch(/Last replaced.*by (<!-- -->)?Dan Evans/s);
    expect(after.html).not.toContain("not-the-password");
    expect((await page("dan.evans", (await test()).location!)).html).toContain("Wrong password or not authorised");

    await submit("dan.evans", HILLSIDE, "Replace credentials", withValue("password", "hillside-mesh-pw"));
    expect((await page("dan.evans", (await test()).location!)).html).toContain("MESH accepted this mailbox&#x27;s credentials.");

    const csv = await (await as["dan.evans"]!.request(`${app.url}/api/mailboxes/${HILLSIDE}/admin/audit/export`)).text();
    expect(csv).toContain('"credentials-replaced"');
    expect(csv).toContain('""outcome"":""not-authorised""');
    expect(csv).not.toContain("hillside-mesh-pw");
    expect(csv).not.toContain("not-the-password");
  });
});

describe("forms replayed or altered", () => {
  const marks = ["Save display name", "Replace credentials", "Test the connection"];

  it("changes nothing when someone who is not an admin of the bound mailbox sends an admin's form", async () => {
    for (const marker of marks) {
      for (const sender of ["tom.baker", "priya.shah"]) {
        const sent = await submit("dan.evans", HILLSIDE, marker, withValue("password", "forged"), sender);
        expect(sent.status, `${marker} by ${sender}`).toBe(404);
      }
    }
    expect((await page("dan.evans", (await submit("dan.evans", HILLSIDE, "Test the connection")).location!)).html).toContain(
      "MESH accepted this mailbox&#x27;s credentials.",
    );
  });

  it("changes nothing when an admin swaps another mailbox's id into the form body", async () => {
    const swapped = (h: string) => h.replaceAll(HILLSIDE, RIVERSIDE);
    const sent = await submit("dan.evans", HILLSIDE, "Save display name", (h) =>
      swapped(h).replace(/value="[^"]*front desk"/, 'value="Taken over"'),
    );
    expect(sent.status).toBe(404);
    expect(sent.location).toBeNull();
    expect((await page("priya.shah", "/mailboxes")).html).not.toContain("Taken over");
  });
});
