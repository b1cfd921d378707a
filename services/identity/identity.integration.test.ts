import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_PEOPLE } from "@/lib/demo/data";
import { personOrgId } from "./accounts";
import { Browser, pkcePair, randomToken } from "./testing/http-client";
import { decodeJwt, signJwt, verifyRs256, type PublicJwks } from "./testing/jwt";
import { runIdentityProcessToExit, startIdentityProcess, type IdentityProcess } from "./testing/spawn";

const CLIENT_ID = "mailroom";
const CLIENT_SECRET = "mailroom-dev-secret";
const REDIRECT_URI = "http://localhost:3000/api/auth/callback/cis2";
const POST_LOGOUT_URI = "http://localhost:3000/signed-out";
const ALL_SCOPES = "openid profile email nationalrbacaccess associatedorgs";
const BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

type Discovery = Record<string, unknown> & {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
};

const person = (username: string) => {
  const p = DEMO_PEOPLE.find((x) => x.username === username);
  if (!p) throw new Error(`no demo person ${username}`);
  return p;
};

/** A receiver for back-channel logout POSTs; answers 200 only after reading the whole body. */
function startLogoutReceiver() {
  const received: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(200).end();
    });
  });
  return new Promise<{ url: string; received: URLSearchParams[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/api/auth/backchannel-logout`,
        received,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

let idp: IdentityProcess;
let discovery: Discovery;
let jwks: PublicJwks;
let receiver: Awaited<ReturnType<typeof startLogoutReceiver>>;

beforeAll(async () => {
  receiver = await startLogoutReceiver();
  idp = await startIdentityProcess({ IDENTITY_BACKCHANNEL_LOGOUT_URI: receiver.url });
  discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Discovery;
  jwks = (await (await fetch(discovery.jwks_uri)).json()) as PublicJwks;
});

afterAll(async () => {
  const code = await idp?.stop();
  await receiver?.close();
  expect(code).toBe(0); // SIGTERM is a clean stop
});

type AuthOptions = {
  scope?: string;
  pkce?: "S256" | "plain" | "none";
  extra?: Record<string, string>;
};

/** GET /auth and follow to the login page. */
async function startAuthorization(browser: Browser, opts: AuthOptions = {}) {
  const { verifier, challenge } = pkcePair();
  const state = randomToken();
  const nonce = randomToken();
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    scope: opts.scope ?? ALL_SCOPES,
    state,
    nonce,
    ...(opts.pkce === "none"
      ? {}
      : opts.pkce === "plain"
        ? { code_challenge: verifier, code_challenge_method: "plain" }
        : { code_challenge: challenge, code_challenge_method: "S256" }),
    ...opts.extra,
  }).toString();
  const { res, url: at } = await browser.follow(url, idp.issuer);
  return { res, at, verifier, state, nonce };
}

/** Posts a login form to the interaction and follows the provider's redirects back to the client. */
async function submitLogin(browser: Browser, loginPageUrl: URL, fields: Record<string, string>) {
  const action = new URL(`${loginPageUrl.pathname}/login`, idp.issuer);
  return browser.follow(action, idp.issuer, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

async function exchangeCode(code: string, verifier: string) {
  return fetch(discovery.token_endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
}

type TokenResponse = { access_token: string; id_token: string; token_type: string; expires_in: number; scope: string };

/** The whole code flow for one person; returns tokens and the verified ID token. */
async function signIn(browser: Browser, fields: Record<string, string>, opts: AuthOptions = {}) {
  const start = await startAuthorization(browser, opts);
  expect(start.res.status).toBe(200);
  expect(start.at.pathname).toMatch(/^\/interaction\/[\w-]+$/);
  await start.res.text();
  const done = await submitLogin(browser, start.at, fields);
  expect(done.url.origin + done.url.pathname).toBe(REDIRECT_URI);
  expect(done.url.searchParams.get("state")).toBe(start.state);
  expect(done.url.searchParams.get("iss")).toBe(idp.issuer);
  const code = done.url.searchParams.get("code");
  expect(code).toBeTruthy();
  const tokenRes = await exchangeCode(code ?? "", start.verifier);
  expect(tokenRes.status).toBe(200);
  const tokens = (await tokenRes.json()) as TokenResponse;
  const idToken = verifyRs256(tokens.id_token, jwks);
  expect(idToken.payload.nonce).toBe(start.nonce);
  return { tokens, idToken, start };
}

async function userinfo(accessToken: string) {
  return fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
}

describe("discovery, keys and health", () => {
  it("publishes discovery for the issuer with code flow, S256 PKCE, RS256 and the CIS2 scopes and claims", () => {
    expect(discovery.issuer).toBe(idp.issuer);
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(discovery.response_types_supported).toEqual(["code"]);
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
    expect(discovery.id_token_signing_alg_values_supported).toEqual(["RS256"]);
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(ALL_SCOPES.split(" ")));
    expect(discovery.claims_supported).toEqual(
      expect.arrayContaining([
        "sub",
        "name",
        "given_name",
        "family_name",
        "email",
        "uid",
        "nhsid_useruid",
        "acr",
        "amr",
        "id_assurance_level",
        "authentication_assurance_level",
        "selected_roleid",
        "nhsid_user_orgs",
        "nhsid_nrbac_roles",
      ]),
    );
    expect([...(discovery.acr_values_supported as string[])].sort()).toEqual(["AAL1_USERPASS", "AAL2_ANY", "AAL3_ANY"]);
    expect(discovery.end_session_endpoint).toBe(`${idp.issuer}/session/end`);
    expect(discovery.userinfo_endpoint).toBe(`${idp.issuer}/me`);
    expect(discovery.backchannel_logout_supported).toBe(true);
    expect(discovery.backchannel_logout_session_supported).toBe(true);
  });

  it("serves one public RS256 signing key", () => {
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(key?.kid).toBeTruthy();
    expect(key).not.toHaveProperty("d");
  });

  it("answers /healthz", async () => {
    const res = await fetch(`${idp.issuer}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
  });
});

describe("login page", () => {
  it("lists every demo person with a description and a button, plus a username and password form", async () => {
    const { res } = await startAuthorization(new Browser());
    const html = await res.text();
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    for (const p of DEMO_PEOPLE) {
      expect(html).toContain(`Sign in as ${p.givenName} ${p.familyName}</button>`);
      expect(html).toContain(p.description);
    }
    expect(html).toMatch(/<label for="username">Username<\/label>/);
    expect(html).toMatch(/<label for="password">Password<\/label>/);
    expect(html).toMatch(/<button class="button" type="submit">Sign in<\/button>/);
    expect(html).not.toContain("<script");
  });

  it("allows its inline stylesheet by hash and allows no script at all", async () => {
    const { res } = await startAuthorization(new Browser());
    const html = await res.text();
    const csp = res.headers.get("content-security-policy") ?? "";
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    const hash = createHash("sha256").update(css).digest("base64");
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("re-shows the page with an error summary for a wrong password, then accepts the right one", async () => {
    const browser = new Browser();
    const start = await startAuthorization(browser);
    await start.res.text();
    const wrong = await submitLogin(browser, start.at, { username: "priya.shah", password: "not-the-password" });
    expect(wrong.res.status).toBe(401);
    expect(wrong.url.pathname).toBe(`${start.at.pathname}/login`);
    const html = await wrong.res.text();
    expect(html).toContain("<title>Error: Sign in");
    expect(html).toContain("There is a problem");
    expect(html).toContain('<a href="#username">Enter a correct username and password</a>');
    expect(html).toContain('value="priya.shah"'); // the answer is kept
    expect(html).not.toContain("not-the-password");

    const right = await submitLogin(browser, start.at, { username: "priya.shah", password: DEMO_PASSWORD });
    expect(right.url.origin + right.url.pathname).toBe(REDIRECT_URI);
    expect(right.url.searchParams.get("code")).toBeTruthy();
  });

  it("refuses an unknown username with the same message", async () => {
    const browser = new Browser();
    const start = await startAuthorization(browser);
    await start.res.text();
    const res = await submitLogin(browser, start.at, { username: "nobody", password: DEMO_PASSWORD });
    expect(res.res.status).toBe(401);
    expect(await res.res.text()).toContain("Enter a correct username and password");
  });

  it("does not show a login page to a request without the interaction cookie", async () => {
    const start = await startAuthorization(new Browser());
    await start.res.text();
    const res = await fetch(start.at);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Your sign-in has expired");
  });
});

describe("authorization code flow", () => {
  it("signs Priya in with username and password and issues an RS256 ID token with the CIS2 claims", async () => {
    const priya = person("priya.shah");
    const { tokens, idToken } = await signIn(new Browser(), { username: "priya.shah", password: DEMO_PASSWORD });
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.scope.split(" ").sort()).toEqual(ALL_SCOPES.split(" ").sort());
    expect(idToken.header).toMatchObject({ alg: "RS256", kid: jwks.keys[0]?.kid });
    const claims = idToken.payload;
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: CLIENT_ID,
      sub: priya.userId,
      name: "Priya Shah",
      given_name: "Priya",
      family_name: "Shah",
      email: priya.email,
      uid: priya.userId,
      nhsid_useruid: priya.userId,
      acr: "AAL3_ANY",
      amr: ["SCAL"],
      id_assurance_level: "3",
      authentication_assurance_level: "3",
      selected_roleid: "900000000101",
      nhsid_user_orgs: [{ org_code: "Y90001", org_name: "Riverside Medical Practice" }],
      nhsid_nrbac_roles: [
        {
          person_orgid: personOrgId(priya.userId, "Y90001"),
          person_roleid: "900000000101",
          org_code: "Y90001",
          role_code: "R8000",
          role_name: "Clinical Practitioner Access Role",
          activity_codes: ["B0360", "B0570"],
        },
      ],
    });
    expect(claims.sub).toMatch(/^\d{12}$/);
    expect(claims.sid).toEqual(expect.any(String));
    expect(claims.auth_time).toEqual(expect.any(Number));
    expect(Number(claims.exp)).toBeGreaterThan(Number(claims.iat));
  });

  it("returns the same claims from userinfo", async () => {
    const { tokens, idToken } = await signIn(new Browser(), { person: "grace.okafor" });
    const res = await userinfo(tokens.access_token);
    expect(res.status).toBe(200);
    const info = (await res.json()) as Record<string, unknown>;
    const {
      iss: _iss,
      aud: _aud,
      exp: _exp,
      iat: _iat,
      nonce: _nonce,
      sid: _sid,
      auth_time: _at,
      at_hash: _h,
      ...idClaims
    } = idToken.payload;
    expect(info).toEqual(idClaims);
    expect(info).toMatchObject({
      sub: "555000000003",
      selected_roleid: "900000000103",
      nhsid_user_orgs: [{ org_code: "R9X", org_name: "Northgate Hospitals NHS Trust" }],
    });
  });

  it("signs in a person by the demo button: someone with no roles has no selected role and empty lists", async () => {
    const { idToken } = await signIn(new Browser(), { person: "sam.lee" });
    expect(idToken.payload.sub).toBe("555000000005");
    expect(idToken.payload).not.toHaveProperty("selected_roleid");
    expect(idToken.payload.nhsid_nrbac_roles).toEqual([]);
    expect(idToken.payload.nhsid_user_orgs).toEqual([]);
  });

  it("marks the low-assurance person with AAL1_USERPASS and a password amr", async () => {
    const { idToken, tokens } = await signIn(new Browser(), { username: "alex.morgan", password: DEMO_PASSWORD });
    expect(idToken.payload).toMatchObject({ acr: "AAL1_USERPASS", amr: ["PWD"], authentication_assurance_level: "1" });
    const info = (await (await userinfo(tokens.access_token)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ acr: "AAL1_USERPASS", amr: ["PWD"], authentication_assurance_level: "1" });
  });

  it("releases only what the requested scopes cover", async () => {
    const { idToken, tokens } = await signIn(new Browser(), { person: "tom.baker" }, { scope: "openid" });
    expect(tokens.scope).toBe("openid");
    const claims = idToken.payload;
    expect(claims).toMatchObject({ sub: "555000000002", acr: "AAL3_ANY", amr: ["SCAL"], authentication_assurance_level: "3" });
    for (const hidden of ["name", "email", "uid", "nhsid_nrbac_roles", "selected_roleid", "nhsid_user_orgs"]) {
      expect(claims).not.toHaveProperty(hidden);
    }
  });

  it("releases selected_roleid alone for CIS2's selectedrole scope", async () => {
    const { idToken } = await signIn(new Browser(), { person: "tom.baker" }, { scope: "openid selectedrole" });
    expect(idToken.payload.selected_roleid).toBe("900000000102");
    expect(idToken.payload).not.toHaveProperty("nhsid_nrbac_roles");
  });

  it("skips the login page while the provider session lasts", async () => {
    const browser = new Browser();
    await signIn(browser, { person: "dan.evans" });
    const again = await startAuthorization(browser);
    expect(again.at.origin + again.at.pathname).toBe(REDIRECT_URI);
    expect(again.at.searchParams.get("code")).toBeTruthy();
  });

  it("refuses an authorization request without PKCE", async () => {
    const { at } = await startAuthorization(new Browser(), { pkce: "none" });
    expect(at.origin + at.pathname).toBe(REDIRECT_URI);
    expect(at.searchParams.get("error")).toBe("invalid_request");
    expect(at.searchParams.get("error_description")).toMatch(/PKCE/);
    expect(at.searchParams.get("code")).toBeNull();
  });

  it("refuses the plain PKCE method", async () => {
    const { at } = await startAuthorization(new Browser(), { pkce: "plain" });
    expect(at.searchParams.get("error")).toBe("invalid_request");
  });

  it("refuses a code exchange with the wrong code_verifier", async () => {
    const browser = new Browser();
    const start = await startAuthorization(browser);
    await start.res.text();
    const done = await submitLogin(browser, start.at, { person: "priya.shah" });
    const res = await exchangeCode(done.url.searchParams.get("code") ?? "", pkcePair().verifier);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("refuses an unregistered redirect_uri without redirecting to it", async () => {
    const { res, at } = await startAuthorization(new Browser(), { extra: { redirect_uri: "http://evil.example/cb" } });
    expect(at.origin).toBe(idp.issuer);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("redirect_uri did not match");
  });
});

describe("sign-out", () => {
  it("ends the session on its own page, redirects back with state and delivers a back-channel logout token", async () => {
    const browser = new Browser();
    const grace = person("grace.okafor");
    const { tokens, idToken } = await signIn(browser, { person: grace.username });
    const before = receiver.received.length;

    const state = randomToken();
    const endUrl = new URL(discovery.end_session_endpoint);
    endUrl.search = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: POST_LOGOUT_URI, state }).toString();
    const page = await browser.request(endUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>Sign out</h1>");
    expect(html).not.toContain("<script");
    const action = /<form id="op\.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action && xsrf).toBeTruthy();

    const confirm = await browser.request(new URL(action ?? "", idp.issuer), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ xsrf: xsrf ?? "", logout: "yes" }).toString(),
    });
    expect(confirm.status).toBe(303);
    const back = new URL(confirm.headers.get("location") ?? "");
    expect(back.origin + back.pathname).toBe(POST_LOGOUT_URI);
    expect(back.searchParams.get("state")).toBe(state);

    // The provider waits for the receiver's 200 before it redirects, so the POST is already here.
    expect(receiver.received.length, idp.output()).toBe(before + 1);
    const logoutToken = receiver.received.at(-1)?.get("logout_token") ?? "";
    const { header, payload } = verifyRs256(logoutToken, jwks);
    expect(header.typ).toBe("logout+jwt");
    expect(payload).toMatchObject({
      iss: idp.issuer,
      aud: CLIENT_ID,
      sub: grace.userId,
      sid: idToken.payload.sid,
      events: { [BACKCHANNEL_EVENT]: {} },
    });
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload).not.toHaveProperty("nonce");

    // The grant is revoked with the session.
    expect((await userinfo(tokens.access_token)).status).toBe(401);
    // And the next authorization asks for a login again.
    const again = await startAuthorization(browser);
    expect(again.at.pathname).toMatch(/^\/interaction\//);
  });

  it("refuses a post_logout_redirect_uri that is not registered", async () => {
    const browser = new Browser();
    const { tokens } = await signIn(browser, { person: "tom.baker" });
    const endUrl = new URL(discovery.end_session_endpoint);
    endUrl.search = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: "http://evil.example/" }).toString();
    const res = await browser.request(endUrl);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("post_logout_redirect_uri not registered");
  });
});

describe("process", () => {
  it("reports a port that is already in use and exits with 1", async () => {
    const port = new URL(idp.issuer).port;
    const { code, output } = await runIdentityProcessToExit({ IDENTITY_PORT: port });
    expect(code).toBe(1);
    expect(output).toContain(`127.0.0.1:${port} is already in use`);
  });

  it("refuses bad configuration with the variable's name", async () => {
    const { code, output } = await runIdentityProcessToExit({ IDENTITY_ISSUER: "http://127.0.0.1:3100/" });
    expect(code).toBe(1);
    expect(output).toContain("IDENTITY_ISSUER");
  });
});

describe("private_key_jwt client (IDENTITY_CLIENT_JWKS)", () => {
  let keyed: IdentityProcess;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "mailroom-test-key";

  beforeAll(async () => {
    const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
    keyed = await startIdentityProcess({ IDENTITY_CLIENT_JWKS: JSON.stringify({ keys: [jwk] }) });
  });
  afterAll(async () => {
    await keyed?.stop();
  });

  it("exchanges a code with a signed client assertion and refuses the shared secret", async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkcePair();
    const auth = new URL(`${keyed.issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: "code",
      redirect_uri: REDIRECT_URI,
      scope: "openid profile",
      state: "s",
      nonce: "n",
      code_challenge: challenge,
      code_challenge_method: "S256",
    }).toString();
    const start = await browser.follow(auth, keyed.issuer);
    await start.res.text();
    const done = await browser.follow(new URL(`${start.url.pathname}/login`, keyed.issuer), keyed.issuer, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ person: "priya.shah" }).toString(),
    });
    const code = done.url.searchParams.get("code") ?? "";
    const form = { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier };

    const withSecret = await fetch(`${keyed.issuer}/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
      },
      body: new URLSearchParams(form).toString(),
    });
    expect(withSecret.status).toBe(401);
    expect(((await withSecret.json()) as { error: string }).error).toBe("invalid_client");

    const now = Math.floor(Date.now() / 1000);
    const assertion = signJwt(
      { iss: CLIENT_ID, sub: CLIENT_ID, aud: keyed.issuer, jti: randomUUID(), iat: now, exp: now + 60 },
      { alg: "RS256", privateKey },
      { kid },
    );
    const res = await fetch(`${keyed.issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        ...form,
        client_id: CLIENT_ID,
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
      }).toString(),
    });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as TokenResponse;
    expect(decodeJwt(tokens.id_token).payload).toMatchObject({ sub: "555000000001", name: "Priya Shah" });
  });
});
