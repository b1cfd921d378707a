// The hostile-input suite, part 1 (issue 18): every page, route handler and server action of the
// built app, signed in, given odd query strings, odd path ids and malformed bodies. Each case must
// end in a clear 4xx or a rendered page: no 5xx, no stack trace, no payload echoed as live markup,
// nothing half-stored, and the servers healthy afterwards. Routes come from the build, so a new page
// is covered without adding it here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MAILBOXES, DEMO_SHARED_KEY } from "@/lib/demo/data";
import { createMeshClient, type MeshClient } from "@/lib/mesh";
import { REPO_ROOT, builtRoutes, type WebApp } from "@/lib/testing/web-app";
import { cis2Claims, signInDemoPersonThroughFakeIssuer } from "@/lib/testing/web-sign-in";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import type { Browser } from "@/services/identity/testing/http-client";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";
import { LIVE_MARKUP, PATH_IDS, QUERY_NAMES, QUERY_VALUES, STACK_TRACE } from "./hostile-payloads";

const PRACTICE = "Y90001OT";
const SENDER = "R9XRECS1";

let mailbox: RunningMailbox;
let stack: SignInStack;
let app: WebApp;
let tom: Browser;
let practice: MeshClient;
let messageId: string;
let inboxBefore: string[];

/** A route's address with its parameters filled in: this mailbox, a real message, or `value` where given. */
function address(route: string, value?: { param: string; id: string }): string {
  return route.replace(/\[(\.\.\.)?(\w+)\]/g, (_, _rest, param: string) => {
    if (value && value.param === param) return value.id;
    if (param === "mailboxId") return PRACTICE;
    if (param === "messageId") return encodeURIComponent(messageId);
    if (param === "nextauth") return "session";
    return "x";
  });
}

/** Fails on a 5xx, a stack trace, or a payload come back as markup. */
async function expectHandled(res: Response, what: string) {
  const body = await res.text();
  expect(res.status, `${what}\n${body.slice(0, 500)}\n${app.output().slice(-2000)}`).toBeLessThan(500);
  expect(body, what).not.toMatch(STACK_TRACE);
  if ((res.headers.get("content-type") ?? "").includes("html")) expect(body, what).not.toMatch(LIVE_MARKUP);
}

const routes = builtRoutes();
const getRoutes = [...routes.pages, ...routes.handlers].filter((r) => !r.startsWith("/_"));

beforeAll(async () => {
  mailbox = await startMailbox();
  stack = await startSignInStack({ issuer: { claims: cis2Claims("tom.baker") }, env: { MESH_URL: mailbox.url } });
  app = stack.app;
  const password = (id: string) => DEMO_MAILBOXES.find((m) => m.mailboxId === id)!.password;
  const sender = createMeshClient({ baseUrl: mailbox.url, mailboxId: SENDER, password: password(SENDER), sharedKey: DEMO_SHARED_KEY });
  ({ messageId } = await sender.send("a,b\n1,2\n", { to: PRACTICE, workflowId: "MAILROOM_FILE", fileName: "plain.csv" }));
  sender.close();
  practice = createMeshClient({ baseUrl: mailbox.url, mailboxId: PRACTICE, password: password(PRACTICE), sharedKey: DEMO_SHARED_KEY });
  inboxBefore = (await practice.listInbox()).sort();
  tom = await signInDemoPersonThroughFakeIssuer(stack.fake, app, "tom.baker");
}, 120_000);

afterAll(async () => {
  console.log(
    app
      .output()
      .split("\n")
      .filter((l) => !l.includes('"level":"info"'))
      .join("\n"),
  );
  practice?.close();
  await stack?.stop();
  await mailbox?.stop();
});

describe.each(getRoutes)("GET %s with a hostile query string", (route) => {
  it.each(QUERY_VALUES.map((v) => [v.length > 40 ? `${v.slice(0, 20)}… (${v.length})` : v, v]))("%s", async (_name, value) => {
    const query = QUERY_NAMES.map((name) => `${name}=${value}`).join("&");
    await expectHandled(await tom.request(`${app.url}${address(route)}?${query}`), `${route}?…${value.slice(0, 40)}`);
  });
});

const routesWithIds = getRoutes.filter((r) => /\[(mailboxId|messageId)\]/.test(r));
describe.each(routesWithIds)("%s with a hostile id", (route) => {
  const params = [...route.matchAll(/\[(mailboxId|messageId)\]/g)].map((m) => m[1]!);
  it.each(params.flatMap((param) => PATH_IDS.map((id) => [param, id.length > 40 ? `${id.slice(0, 20)}…` : id, id])))(
    "%s = %s",
    async (param, _name, id) => {
      await expectHandled(await tom.request(`${app.url}${address(route, { param, id })}`), `${route} ${param}=${id.slice(0, 40)}`);
    },
  );
});

describe("server actions given malformed arguments", () => {
  type Manifest = { node: Record<string, { workers: Record<string, unknown>; exportedName: string; filename: string }> };
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as Manifest;
  const actions = Object.entries(manifest.node).map(([id, action]) => {
    const page = Object.keys(action.workers).find((w) => w.endsWith("/page") && !w.includes("_not-found"));
    return {
      id,
      name: `${action.filename} ${action.exportedName}`,
      page: page ? page.replace(/^app/, "").replace(/\/page$/, "") || "/" : "/",
    };
  });
  const bodies: [string, string][] = [
    ["no arguments", "[]"],
    ["a string for every argument", JSON.stringify([PRACTICE, "x", "y"])],
    ["numbers and nulls", JSON.stringify([null, 1, null])],
    ["another mailbox", JSON.stringify(["R9XPATH1", { recipient: "Y90001OT", workflowId: "MAILROOM_FILE", odsCode: "Y90001" }, {}])],
    ["a hostile mailbox id", JSON.stringify(["../%00\u202e", { recipient: "<script>", workflowId: "\u0000" }])],
    ["objects of the wrong shape", JSON.stringify([PRACTICE, { recipient: { $gt: "" }, workflowId: ["a"], size: "big" }, [1, 2]])],
    ["not JSON", "{{{{"],
  ];
  // Signing out really signs out: those cases go last, in a session of their own.
  const signsOut = (a: { name: string }) => a.name.includes("sign-out");
  actions.sort((a, b) => Number(signsOut(a)) - Number(signsOut(b)));
  let signedOut: Browser;
  beforeAll(async () => {
    signedOut = await signInDemoPersonThroughFakeIssuer(stack.fake, app, "tom.baker");
  });
  it.each(actions.flatMap((a) => bodies.map(([label, body]) => [a.name, label, a, body] as const)))(
    "%s: %s",
    async (_name, _label, action, body) => {
      const res = await (signsOut(action) ? signedOut : tom).request(`${app.url}${address(action.page)}`, {
        method: "POST",
        headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: app.url },
        body,
      });
      const what = `${action.name} ${body.slice(0, 60)}`;
      const text = await res.clone().text();
      // An action that throws still answers 200, with the error as a row of the payload; only
      // Next's own not-found and redirect signals may come back that way.
      expect(text, what).not.toMatch(/^\w+:E\{"digest":"(?!NEXT_HTTP_ERROR_FALLBACK;404|NEXT_REDIRECT)/m);
      await expectHandled(res, what);
    },
  );
});

describe("route handlers given malformed bodies", () => {
  const api = (p: string) => `${app.url}/api/mailboxes/${PRACTICE}${p}`;
  const cases: [string, string, RequestInit][] = [
    ["keys: not JSON", "/outbox/keys", { body: "{", headers: { "content-type": "application/json" } }],
    ["keys: an array", "/outbox/keys", { body: "[1,2,3]", headers: { "content-type": "application/json" } }],
    [
      "keys: deep nesting",
      "/outbox/keys",
      { body: `${"[".repeat(10000)}${"]".repeat(10000)}`, headers: { "content-type": "application/json" } },
    ],
    [
      "keys: 2 MB of JSON",
      "/outbox/keys",
      { body: JSON.stringify({ subject: "x".repeat(2_000_000) }), headers: { "content-type": "application/json" } },
    ],
    [
      "keys: wrong types",
      "/outbox/keys",
      {
        body: JSON.stringify({ recipient: 1, workflowId: {}, size: "-1", fileName: ["a"] }),
        headers: { "content-type": "application/json" },
      },
    ],
    [
      "keys: form encoding",
      "/outbox/keys",
      { body: "recipient=Y90001OT", headers: { "content-type": "application/x-www-form-urlencoded" } },
    ],
    ["upload: no key", "/outbox", { body: "abc", headers: { "content-type": "text/csv" } }],
    [
      "upload: a hostile key",
      "/outbox",
      { body: "abc", headers: { "x-mailroom-send-key": "\u00ff".repeat(300), "x-mailroom-sha256": "zz" } },
    ],
    [
      "upload: an empty body with a key",
      "/outbox",
      { body: "", headers: { "x-mailroom-send-key": "k", "x-mailroom-sha256": "0".repeat(64) } },
    ],
    ["form: not multipart", "/outbox/form", { body: "sendKey=abc", headers: { "content-type": "application/x-www-form-urlencoded" } }],
    ["form: no boundary", "/outbox/form", { body: "--x\r\n", headers: { "content-type": "multipart/form-data" } }],
    [
      "form: a broken part",
      "/outbox/form",
      {
        body: '--b\r\nContent-Disposition: form-data; name="sendKey"\r\n\r\nabc\r\n--b\r\nContent-Dispo',
        headers: { "content-type": "multipart/form-data; boundary=b" },
      },
    ],
    [
      "form: too many parts",
      "/outbox/form",
      {
        body: `${Array.from({ length: 50 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join("")}--b--\r\n`,
        headers: { "content-type": "multipart/form-data; boundary=b" },
      },
    ],
    [
      "form: an oversized field",
      "/outbox/form",
      {
        body: `--b\r\nContent-Disposition: form-data; name="sendKey"\r\n\r\n${"k".repeat(100_000)}\r\n--b--\r\n`,
        headers: { "content-type": "multipart/form-data; boundary=b" },
      },
    ],
    [
      "form: a traversal file name",
      "/outbox/form",
      {
        body: `--b\r\nContent-Disposition: form-data; name="sendKey"\r\n\r\nnot-a-key\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\n\r\nroot\r\n--b--\r\n`,
        headers: { "content-type": "multipart/form-data; boundary=b" },
      },
    ],
  ];
  it.each(cases)("%s", async (_label, target, init) => {
    const res = await tom.request(api(target), {
      method: "POST",
      ...init,
      headers: { "sec-fetch-site": "same-origin", origin: app.url, ...init.headers },
    });
    await expectHandled(res, _label);
  });

  it.each([
    ["back-channel logout: garbage", "/api/auth/backchannel-logout", "logout_token=%00%ff"],
    ["back-channel logout: a huge token", "/api/auth/backchannel-logout", `logout_token=${"a".repeat(200_000)}`],
    ["session: a body", "/api/session", "{}"],
    ["Auth.js callback: a forged state", "/api/auth/callback/oidc?code=%00&state=%3Cscript%3E", ""],
  ])("%s", async (label, target, body) => {
    const res = await tom.request(`${app.url}${target}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
    });
    await expectHandled(res, label);
  });
});

describe("afterwards", () => {
  it("both servers are healthy, the person is still signed in, and nothing reached the practice", async () => {
    expect((await tom.request(`${app.url}/api/health`)).status).toBe(200);
    expect((await tom.request(`${app.url}/api/mailboxes/${PRACTICE}/inbox/summary`)).status).toBe(200);
    expect((await practice.listInbox()).sort()).toEqual(inboxBefore);
    // Next marks an error it caught itself with ⨯, even when it answered 200.
    expect(
      app
        .output()
        .split("\n")
        .filter((line) => line.startsWith("⨯")),
    ).toEqual([]);
  });
});
