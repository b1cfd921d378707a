// The logs of a sign-in, a download and an acknowledgement, from the built web app and the mailbox
// server: one request id follows a request through both, and no secret, token, cookie or payload byte
// appears in either.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient } from "@/lib/mesh";
import { logLines } from "@/lib/testing/log-lines";
import { cis2Claims, signInThroughFakeIssuer, submitForm } from "@/lib/testing/web-sign-in";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";

const PRACTICE = "Y90001OT";
const PAYLOAD = "PAYLOAD-CANARY-3f9c1d,patient 9990000001";
const ACCESS_TOKEN = "ACCESS-TOKEN-CANARY-8e21b7";

let mailbox: RunningMailbox;
let stack: SignInStack;
let idToken = "";
let cookie = "";
let messageId = "";

const UUID = /^[0-9a-f-]{36}$/;
const auditRequestId = (action: string) =>
  logLines(stack.app.output()).find((line) => line.msg === "audit" && line.action === action)?.requestId as string | undefined;
const servedRequestIds = () =>
  logLines(mailbox.output())
    .filter((line) => line.msg === "request")
    .map((line) => line.requestId);

beforeAll(async () => {
  mailbox = await startMailbox({ quiet: false });
  stack = await startSignInStack({ issuer: { claims: cis2Claims("tom.baker") }, env: { MESH_URL: mailbox.url, LOG_LEVEL: "debug" } });
  const records = DEMO_MAILBOXES.find((m) => m.mailboxId === "R9XRECS1")!;
  const sender = createMeshClient({
    baseUrl: mailbox.url,
    mailboxId: records.mailboxId,
    password: records.password,
    sharedKey: DEMO_SHARED_KEY,
  });
  messageId = (await sender.send(PAYLOAD, { to: PRACTICE, workflowId: "MAILROOM_FILE", fileName: "results.csv", contentType: "text/csv" }))
    .messageId;
  sender.close();

  const { app, fake } = stack;
  const claims = cis2Claims("tom.baker");
  fake.userinfo = claims;
  fake.respondWith((req, f) => {
    idToken = f.idToken({ ...claims, nonce: req.nonce });
    return { access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 300, id_token: idToken };
  });
  const tom = new Browser();
  const signedIn = await signInThroughFakeIssuer(tom, app, fake.issuer);
  expect(signedIn.location.pathname, app.output()).toBe("/mailboxes");
  cookie = tom.cookieHeader(new URL(app.url));

  const inbox = await tom.request(`${app.url}/mailboxes/${PRACTICE}/inbox`);
  expect(inbox.status).toBe(200);
  await inbox.body?.cancel();
  const download = await tom.request(`${app.url}/api/mailboxes/${PRACTICE}/messages/${messageId}/content`);
  expect(await download.text()).toBe(PAYLOAD);
  const page = new URL(`${app.url}/mailboxes/${PRACTICE}/messages/${messageId}`);
  const acknowledged = await submitForm(tom, page, await (await tom.request(page)).text(), "Mark as received");
  await acknowledged.body?.cancel();
  expect(acknowledged.status, app.output()).toBeLessThan(400);
});

afterAll(async () => {
  await stack?.stop();
  await mailbox?.stop();
});

describe("logs", () => {
  // First, because it waits for the lines: both processes write their logs through pipes, a moment after they answer.
  it("carry one request id from the web app's audit line to the mailbox server's request line", async () => {
    for (const action of ["sign-in", "download", "acknowledge"]) {
      await expect.poll(() => auditRequestId(action), { message: `no audit line for ${action}`, timeout: 10_000 }).toMatch(UUID);
      if (action === "sign-in") continue;
      const id = auditRequestId(action);
      await expect
        .poll(() => servedRequestIds().includes(id), { message: `mailbox did not log ${action}'s request id`, timeout: 10_000 })
        .toBe(true);
    }
  });

  it("hold no password, key, token, cookie or payload byte", () => {
    const outputs = { web: stack.app.output(), mailbox: mailbox.output() };
    const secrets = {
      "session cookie": cookie.split("=").slice(1).join("="),
      "ID token": idToken,
      "access token": ACCESS_TOKEN,
      "cookie secret": stack.app.env.AUTH_SECRET ?? "",
      "credentials key": stack.app.env.CREDENTIALS_KEY ?? "",
      payload: "PAYLOAD-CANARY",
      "MESH authorisation": "NHSMESH ",
      ...Object.fromEntries(DEMO_MAILBOXES.map((m) => [`${m.mailboxId} password`, m.password])),
    };
    expect(cookie).toContain("authjs.session-token=");
    for (const [process, output] of Object.entries(outputs)) {
      expect(logLines(output).length, `${process} printed no log lines:\n${output}`).toBeGreaterThan(0);
      for (const [name, value] of Object.entries(secrets)) {
        if (value.length >= 6) expect(output.includes(value), `the ${process} log holds the ${name}`).toBe(false);
      }
    }
  });
});
