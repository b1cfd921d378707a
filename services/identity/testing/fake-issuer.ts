import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { rsaThumbprint } from "../keys";
import { signJwt, type JwtHeader, type JwtPayload, type PublicJwks, type SignKey } from "./jwt";

/**
 * A throwaway OpenID issuer for tests that check a relying party refuses bad ID tokens (wrong issuer or
 * audience, bad signature, alg none, expired, wrong nonce). It is deliberately not the real provider:
 * the real one never issues bad tokens. It serves discovery, JWKS, a login-free /auth that redirects
 * straight back with a code, a /token endpoint whose answer the test controls, and /me.
 */

export type AuthRequest = { clientId: string; redirectUri: string; state?: string; nonce?: string; scope: string };

export type TokenResponder = (request: AuthRequest, issuer: FakeIssuer) => Record<string, unknown>;

export type FakeIssuer = {
  issuer: string;
  jwks: PublicJwks;
  kid: string;
  /** Signs anything. Default: RS256 with this issuer's key and kid; pass `key`/`header` to misbehave. */
  sign(payload: JwtPayload, opts?: { key?: SignKey; header?: Partial<JwtHeader> }): string;
  /** A correct ID token for `clientId` (iss, aud, sub, iat, exp, nonce), with `claims` merged over it. */
  idToken(claims?: JwtPayload, opts?: { key?: SignKey; header?: Partial<JwtHeader> }): string;
  /** Replaces what /token answers; the default answers with `idToken({ nonce })` and an access token. */
  respondWith(responder: TokenResponder): void;
  /** Claims /me returns for any bearer token. */
  userinfo: JwtPayload;
  close(): Promise<void>;
};

export function generateRsaKey(): KeyObject {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
}

export type FakeIssuerOptions = {
  clientId?: string;
  /** Default claims of the ID token (e.g. CIS2 claims). */
  claims?: JwtPayload;
  /** Seconds an ID token lives. */
  lifetime?: number;
};

export function startFakeIssuer(options: FakeIssuerOptions = {}): Promise<FakeIssuer> {
  const clientId = options.clientId ?? "mailroom";
  const lifetime = options.lifetime ?? 300;
  const privateKey = generateRsaKey();
  const publicJwk = { ...privateKey.export({ format: "jwk" }) };
  delete publicJwk.d;
  delete publicJwk.p;
  delete publicJwk.q;
  delete publicJwk.dp;
  delete publicJwk.dq;
  delete publicJwk.qi;
  const kid = rsaThumbprint(publicJwk);
  const jwks: PublicJwks = { keys: [{ ...publicJwk, kid, alg: "RS256", use: "sig" }] };
  const codes = new Map<string, AuthRequest>();

  const defaultResponder: TokenResponder = (request, self) => ({
    access_token: randomBytes(16).toString("base64url"),
    token_type: "Bearer",
    expires_in: 300,
    id_token: self.idToken(request.nonce === undefined ? {} : { nonce: request.nonce }),
  });
  let responder = defaultResponder;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", self.issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    switch (url.pathname) {
      case "/.well-known/openid-configuration":
        return json(200, {
          issuer: self.issuer,
          authorization_endpoint: `${self.issuer}/auth`,
          token_endpoint: `${self.issuer}/token`,
          userinfo_endpoint: `${self.issuer}/me`,
          jwks_uri: `${self.issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
        });
      case "/jwks":
        return json(200, jwks);
      case "/auth": {
        const q = url.searchParams;
        const redirectUri = q.get("redirect_uri");
        if (!redirectUri) return json(400, { error: "invalid_request" });
        const code = randomBytes(16).toString("base64url");
        codes.set(code, {
          clientId: q.get("client_id") ?? "",
          redirectUri,
          state: q.get("state") ?? undefined,
          nonce: q.get("nonce") ?? undefined,
          scope: q.get("scope") ?? "openid",
        });
        const back = new URL(redirectUri);
        back.searchParams.set("code", code);
        const state = q.get("state");
        if (state !== null) back.searchParams.set("state", state);
        back.searchParams.set("iss", self.issuer);
        res.writeHead(303, { location: back.href });
        return res.end();
      }
      case "/token": {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
          const request = codes.get(form.get("code") ?? "");
          if (!request) return json(400, { error: "invalid_grant" });
          codes.delete(form.get("code") ?? "");
          try {
            json(200, responder(request, self));
          } catch (err) {
            json(500, { error: "server_error", error_description: String(err) });
          }
        });
        return;
      }
      case "/me":
        return json(200, self.userinfo);
      default:
        return json(404, { error: "not_found" });
    }
  });

  const self: FakeIssuer = {
    issuer: "",
    jwks,
    kid,
    userinfo: { sub: "555000000001", ...options.claims },
    sign(payload, opts = {}) {
      return signJwt(payload, opts.key ?? { alg: "RS256", privateKey }, { kid, ...opts.header });
    },
    idToken(claims = {}, opts) {
      const now = Math.floor(Date.now() / 1000);
      return self.sign(
        { iss: self.issuer, aud: clientId, sub: "555000000001", iat: now, exp: now + lifetime, ...options.claims, ...claims },
        opts,
      );
    },
    respondWith(next) {
      responder = next;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      self.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve(self);
    });
  });
}
