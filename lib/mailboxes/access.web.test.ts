// Issue 6 access rules, proved over HTTP for every mailbox route and every demo person who can sign in:
// a person reaches a mailbox's pages and files only through a grant, whatever id they put in a URL or body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AD_HOC_WORKFLOW, DEMO_MAILBOXES, DEMO_PEOPLE, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient } from "@/lib/mesh";
import type { WebApp } from "@/lib/testing/web-app";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, signInDemoPersonThroughFakeIssuer, submitForm } from "@/lib/testing/web-sign-in";
import type { FakeIssuer } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

const MAILBOXES = ["Y90001OT", "Y90002OT", "R9XRECS1", "R9XPATH1"] as const;
const PEOPLE = DEMO_PEOPLE.filter((person) => person.grants.length > 0 && person.assurance === "3");

/** A grant counts only where the person holds a CIS2 role at the mailbox's organisation (ADR 0016). */
function honoured(person: (typeof PEOPLE)[number]): string[] {
  const orgs = new Set(person.roles.map((r) => r.odsCode));
  return person.grants.map((g) => g.mailboxId).filter((m) => orgs.has(DEMO_MAILBOXES.find((d) => d.mailboxId === m)!.odsCode));
}

let mailbox: RunningMailbox;
let stack: SignInStack;
let fake: FakeIssuer;
let app: WebApp;
const messageIds: Record<string, string> = {};
const browsers: Record<string, Browser> = {};

function meshAs(mailboxId: string) {
  const found = DEMO_MAILBOXES.find((m) => m.mailboxId === mailboxId)!;
  return createMeshClient({ baseUrl: mailbox.url, mailboxId, password: found.password, sharedKey: DEMO_SHARED_KEY });
}

/** Every mailbox route, for mailbox `m` and message `id`. */
function routes(m: string, id: string) {
  return [
    { name: "inbox page", url: `/mailboxes/${m}/inbox` },
    { name: "message page", url: `/mailboxes/${m}/messages/${id}` },
    { name: "preview page", url: `/mailboxes/${m}/messages/${id}/preview` },
    { name: "inbox summary", url: `/api/mailboxes/${m}/inbox/summary` },
    { name: "download", url: `/api/mailboxes/${m}/messages/${id}/content` },
    { name: "raw preview", url: `/api/mailboxes/${m}/messages/${id}/preview` },
  ];
}

function signedIn(username: string): Promise<Browser> {
  return signInDemoPersonThroughFakeIssuer(fake, app, username);
}

async function status(browser: Browser | null, path: string): Promise<number> {
  const url = `${app.url}${path}`;
  const res = browser ? await browser.request(url) : await fetch(url, { redirect: "manual" });
  await res.body?.cancel();
  return res.status;
}

beforeAll(async () => {
  mailbox = await startMailbox();
  stack = await startSignInStack({ issuer: { claims: cis2Claims("tom.baker") }, env: { MESH_URL: mailbox.url } });
  ({ fake, app } = stack);
  // One text file into each demo mailbox, from another demo mailbox allowed to send the ad hoc workflow.
  for (const to of MAILBOXES) {
    const from = to === "R9XRECS1" ? "Y90001OT" : "R9XRECS1";
    const client = meshAs(from);
    const sent = await client.send(`for ${to}`, { to, workflowId: AD_HOC_WORKFLOW, fileName: `for-${to}.txt`, contentType: "text/plain" });
    client.close();
    messageIds[to] = sent.messageId;
  }
  for (const person of PEOPLE) browsers[person.username] = await signedIn(person.username);
  // Each granted person's inbox view indexes what arrived.
  for (const person of PEOPLE) {
    for (const m of honoured(person)) expect(await status(browsers[person.username]!, `/mailboxes/${m}/inbox`)).toBe(200);
  }
});

afterAll(async () => {
  await stack?.stop();
  await mailbox?.stop();
});

describe.each(PEOPLE.map((person) => [person.username, person] as const))("%s", (username, person) => {
  const granted = new Set(honoured(person));

  it.each(MAILBOXES.map((m) => [m]))("reaches mailbox %s's routes only with a grant", async (m) => {
    const browser = browsers[username]!;
    for (const route of routes(m, messageIds[m]!)) {
      const got = await status(browser, route.url);
      // The raw preview serves PDFs only; these are text files, so 415 shows access was allowed.
      if (granted.has(m)) expect(route.name === "raw preview" ? [415] : [200], `${route.name} ${route.url}`).toContain(got);
      else expect(got, `${route.name} ${route.url}`).toBe(404);
    }
  });

  it("cannot reach another mailbox's message through its own mailbox's URLs", async () => {
    const browser = browsers[username]!;
    const own = [...granted][0]!;
    for (const other of MAILBOXES.filter((m) => !granted.has(m))) {
      for (const route of routes(own, messageIds[other]!).filter((r) => r.name !== "inbox page" && r.name !== "inbox summary")) {
        expect(await status(browser, route.url), `${route.name} ${route.url}`).toBe(404);
      }
    }
  });
});

describe("marking as received", () => {
  it("ignores another mailbox's message id put in the form body", async () => {
    const tom = browsers["tom.baker"]!;
    const page = new URL(`${app.url}/mailboxes/Y90001OT/inbox`);
    const html = await (await tom.request(page)).text();
    const forged = html.replace(`value="${messageIds.Y90001OT}"`, `value="${messageIds.R9XRECS1}"`);
    const res = await submitForm(tom, page, forged, "Mark as received");
    await res.body?.cancel();
    const records = meshAs("R9XRECS1");
    expect(await records.listInbox()).toContain(messageIds.R9XRECS1);
    records.close();
  });
});

describe("signed out", () => {
  it("gets sign-in for pages and 401 for the API, for every mailbox", async () => {
    for (const m of MAILBOXES) {
      for (const route of routes(m, messageIds[m]!)) {
        const got = await status(null, route.url);
        expect(route.url.startsWith("/api/") ? [401] : [307, 303], `${route.name} ${route.url}`).toContain(got);
      }
    }
  });
});
