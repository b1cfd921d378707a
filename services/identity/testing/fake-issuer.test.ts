import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pkcePair } from "./http-client";
import { decodeJwt, verifyRs256, type PublicJwks } from "./jwt";
import { generateRsaKey, startFakeIssuer, type FakeIssuer } from "./fake-issuer";

let fake: FakeIssuer;

beforeAll(async () => {
  fake = await startFakeIssuer({ claims: { name: "Priya Shah" } });
});
afterAll(async () => {
  await fake?.close();
});

describe("fake issuer", () => {
  it("serves discovery and a JWKS that verifies its tokens", async () => {
    const discovery = (await (await fetch(`${fake.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(discovery.issuer).toBe(fake.issuer);
    const jwks = (await (await fetch(discovery.jwks_uri ?? "")).json()) as PublicJwks;
    expect(jwks.keys[0]).not.toHaveProperty("d");
    const { header, payload } = verifyRs256(fake.idToken({ nonce: "n1" }), jwks);
    expect(header).toMatchObject({ alg: "RS256", kid: fake.kid });
    expect(payload).toMatchObject({ iss: fake.issuer, aud: "mailroom", sub: "555000000001", name: "Priya Shah", nonce: "n1" });
  });

  it("makes the bad tokens a relying party must refuse", () => {
    const none = fake.idToken({}, { key: { alg: "none" } });
    expect(decodeJwt(none).header.alg).toBe("none");
    expect(none.endsWith(".")).toBe(true);
    expect(() => verifyRs256(none, fake.jwks)).toThrow(/alg/);

    const forged = fake.idToken({}, { key: { alg: "RS256", privateKey: generateRsaKey() } });
    expect(decodeJwt(forged).header.kid).toBe(fake.kid);
    expect(() => verifyRs256(forged, fake.jwks)).toThrow(/signature/);

    const hs = fake.idToken({}, { key: { alg: "HS256", secret: "mailroom-dev-secret" } });
    expect(decodeJwt(hs).header.alg).toBe("HS256");

    const expired = decodeJwt(fake.idToken({ iat: 1_000, exp: 2_000 })).payload;
    expect(expired.exp).toBe(2_000);
    expect(decodeJwt(fake.idToken({ iss: "http://elsewhere", aud: "other" })).payload).toMatchObject({
      iss: "http://elsewhere",
      aud: "other",
    });
  });

  it("runs a code flow whose token answer carries the request's nonce, or whatever the test sets", async () => {
    const { challenge } = pkcePair();
    const auth = new URL(`${fake.issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: "mailroom",
      redirect_uri: "http://localhost:3000/cb",
      state: "st",
      nonce: "no",
      scope: "openid",
      code_challenge: challenge,
      code_challenge_method: "S256",
    }).toString();
    const redirect = await fetch(auth, { redirect: "manual" });
    expect(redirect.status).toBe(303);
    const back = new URL(redirect.headers.get("location") ?? "");
    expect(back.searchParams.get("state")).toBe("st");
    const code = back.searchParams.get("code") ?? "";

    const token = (code: string) =>
      fetch(`${fake.issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "authorization_code", code }).toString(),
      });
    const first = (await (await token(code)).json()) as { id_token: string };
    expect(verifyRs256(first.id_token, fake.jwks).payload.nonce).toBe("no");
    expect((await token(code)).status).toBe(400); // a code works once

    fake.respondWith((req, self) => ({ token_type: "Bearer", access_token: "x", id_token: self.idToken({ nonce: `${req.nonce}-wrong` }) }));
    const again = await fetch(auth, { redirect: "manual" });
    const code2 = new URL(again.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const second = (await (await token(code2)).json()) as { id_token: string };
    expect(decodeJwt(second.id_token).payload.nonce).toBe("no-wrong");
  });
});
