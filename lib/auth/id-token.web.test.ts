// The built web app refuses ID tokens that do not check out (issue 5, item 6.1). A fake issuer
// (services/identity/testing/fake-issuer.ts) answers the token request with each broken token in turn.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRsaKey, type FakeIssuer, type TokenResponder } from "@/services/identity/testing/fake-issuer";
import { Browser } from "@/services/identity/testing/http-client";
import type { WebApp } from "@/lib/testing/web-app";
import { startSignInStack, type SignInStack } from "@/lib/testing/web-stack";
import { cis2Claims, sessionCookies, sessionSeenBy, signInThroughFakeIssuer } from "@/lib/testing/web-sign-in";

let stack: SignInStack;
let fake: FakeIssuer;
let app: WebApp;

beforeAll(async () => {
  stack = await startSignInStack({ issuer: { claims: cis2Claims("priya.shah") } });
  ({ fake, app } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

const now = () => Math.floor(Date.now() / 1000);
const tokens = (idToken: string) => ({ access_token: "at-" + now(), token_type: "Bearer", expires_in: 300, id_token: idToken });

/** Each responder answers the app's code exchange with an ID token that must be refused. */
const broken: [string, TokenResponder][] = [
  ["the wrong issuer", (req, f) => tokens(f.idToken({ nonce: req.nonce, iss: "http://127.0.0.1:1/not-the-issuer" }))],
  ["the wrong audience", (req, f) => tokens(f.idToken({ nonce: req.nonce, aud: "someone-else" }))],
  ["an audience list without Mailroom", (req, f) => tokens(f.idToken({ nonce: req.nonce, aud: ["someone-else", "another"] }))],
  [
    "a signature by another key (same kid)",
    (req, f) => tokens(f.idToken({ nonce: req.nonce }, { key: { alg: "RS256", privateKey: generateRsaKey() } })),
  ],
  [
    "a payload changed after signing",
    (req, f) => {
      const [header, payload, signature] = f.idToken({ nonce: req.nonce }).split(".");
      const changed = { ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")), name: "Mallory" };
      return tokens(`${header}.${Buffer.from(JSON.stringify(changed)).toString("base64url")}.${signature}`);
    },
  ],
  ["alg none", (req, f) => tokens(f.idToken({ nonce: req.nonce }, { key: { alg: "none" } }))],
  [
    "HS256 keyed with the client secret",
    (req, f) => tokens(f.idToken({ nonce: req.nonce }, { key: { alg: "HS256", secret: "mailroom-dev-secret" } })),
  ],
  ["an expiry ten minutes ago", (req, f) => tokens(f.idToken({ nonce: req.nonce, iat: now() - 3600, exp: now() - 600 }))],
  ["a nonce from another sign-in", (req, f) => tokens(f.idToken({ nonce: `${req.nonce}x` }))],
  ["no nonce", (_req, f) => tokens(f.idToken({}))],
];

describe("ID tokens the web app must refuse", () => {
  it.each(broken)("refuses an ID token with %s: no session, and the sign-in problem page", async (_name, responder) => {
    fake.respondWith(responder);
    const browser = new Browser();
    const { location } = await signInThroughFakeIssuer(browser, app, fake.issuer);

    // The browser is sent to the problem page, on our origin, and it says what happened.
    expect(location.origin).toBe(app.url);
    expect(location.pathname).toBe("/sign-in/problem");
    const problem = await browser.request(location);
    expect(problem.status).toBe(200);
    expect(await problem.text()).toContain("Sorry, we could not sign you in");

    // No session anywhere.
    expect(sessionCookies(browser)).toEqual([]);
    const seen = await sessionSeenBy(browser, app);
    expect(seen.apiStatus).toBe(401);
    expect(seen.apiBody).toMatchObject({ signedIn: false, reason: "signed-out" });
    expect(seen.authjsUser).toBeNull();
    expect(seen.pageStatus).toBe(307);
    expect(seen.pageLocation?.origin).toBe(app.url);
    expect(seen.pageLocation?.pathname).toBe("/sign-in");
  });

  it("accepts a correct ID token from the same issuer (the control: the refusals above are not for another reason)", async () => {
    fake.respondWith((req, f) => tokens(f.idToken({ nonce: req.nonce })));
    const browser = new Browser();
    const { location } = await signInThroughFakeIssuer(browser, app, fake.issuer);
    expect(location.href).toBe(`${app.url}/mailboxes`);
    expect(sessionCookies(browser).length).toBeGreaterThan(0);
    const seen = await sessionSeenBy(browser, app);
    expect(seen.apiStatus, app.output()).toBe(200);
    expect(seen.apiBody).toMatchObject({ signedIn: true });
    expect(seen.authjsUser).toBe("555000000001");
    // Priya has one mailbox, so the mailbox list sends her straight to it.
    expect(seen.pageStatus).toBe(307);
    expect(seen.pageLocation?.href).toBe(`${app.url}/mailboxes/Y90001OT/inbox`);
  });
});
