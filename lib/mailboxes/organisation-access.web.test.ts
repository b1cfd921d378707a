// Issue 16 item 3 through the real identity provider: a grant counts only while the sign-in carries a
// CIS2 role at the mailbox's organisation (ADR 0016). Jo Patel holds roles at Riverside and Northgate,
// and still has a Mailroom grant at Hillside, where her role has ended.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startWebApp, type WebApp } from "@/lib/testing/web-app";
import { throwawayWebDatabase, type WebDatabase } from "@/lib/testing/web-database";
import { signInThroughIdentity } from "@/lib/testing/web-sign-in";
import { mailroomClientUris } from "@/services/identity/config";
import { Browser } from "@/services/identity/testing/http-client";
import { startIdentityProcess, type IdentityProcess } from "@/services/identity/testing/spawn";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

let idp: IdentityProcess;
let database: WebDatabase;
let mailbox: RunningMailbox;
let app: WebApp;
let jo: Browser;

beforeAll(async () => {
  const port = await freePort();
  [idp, database, mailbox] = await Promise.all([
    startIdentityProcess(mailroomClientUris(`http://localhost:${port}`)),
    throwawayWebDatabase(),
    startMailbox(),
  ]);
  app = await startWebApp({ port, env: { OIDC_ISSUER: idp.issuer, DATABASE_URL: database.url, MESH_URL: mailbox.url } });
  jo = new Browser();
  const { location } = await signInThroughIdentity(jo, app, idp.issuer, "jo.patel");
  expect(location.pathname, app.output()).toBe("/mailboxes");
});

afterAll(async () => {
  await app?.stop();
  await Promise.all([idp?.stop(), mailbox?.stop()]);
  await database?.drop();
});

async function get(path: string): Promise<{ status: number; body: string }> {
  const res = await jo.request(`${app.url}${path}`);
  return { status: res.status, body: await res.text() };
}

describe("a person with roles at two organisations", () => {
  it("lists the mailboxes of both organisations and not the one where the role ended", async () => {
    const { status, body } = await get("/mailboxes");
    expect(status).toBe(200);
    expect(body).toContain("Y90001OT");
    expect(body).toContain("R9XRECS1");
    expect(body).not.toContain("Y90002OT");
    expect(body).not.toContain("Hillside");
  });

  it("reaches both organisations' mailboxes", async () => {
    expect((await get("/mailboxes/Y90001OT/inbox")).status).toBe(200);
    expect((await get("/mailboxes/R9XRECS1/inbox")).status).toBe(200);
  });

  it("gets the ordinary not-found answer for the granted mailbox of the organisation she has no role at", async () => {
    const page = await get("/mailboxes/Y90002OT/inbox");
    const never = await get("/mailboxes/ZZZNOPE1/inbox");
    expect(page.status).toBe(404);
    expect(never.status).toBe(404);
    expect(page.body).toContain("Page not found");
    const api = await jo.request(`${app.url}/api/mailboxes/Y90002OT/inbox/summary`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: "Page not found" });
  });
});
