import "server-only";
import { createPrivateKey, webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import { decodeJwt } from "jose";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import { getDb } from "@/lib/db";
import { audit } from "@/lib/audit";
import { knownOrganisation, upsertPersonOnSignIn } from "@/lib/db/queries/directory";
import { createSession } from "@/lib/db/queries/sessions";
import { env } from "@/lib/env";
import type { NextRequest } from "next/server";
import { FRESH_LOGIN_PARAMS, endedSessionTime, staleLoginProblem } from "./fresh-login";
import { cis2ProfileSchema, decideSignIn, selectedRole, type Cis2Profile } from "./claims";
import { idTokenProblem } from "./id-token";
import { sessionCookieSetting } from "./session-token";

export const PROVIDER_ID = "cis2";
export const CIS2_SCOPES = "openid profile email nationalrbacaccess associatedorgs";

/** A PEM private key for private_key_jwt client authentication, as real CIS2 asks of clients. */
async function loadClientKey(file: string) {
  const keyObject = createPrivateKey(readFileSync(file));
  const jwk = keyObject.export({ format: "jwk" });
  const algorithm = jwk.kty === "EC" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  const der = keyObject.export({ format: "der", type: "pkcs8" });
  const key = await webcrypto.subtle.importKey("pkcs8", der, algorithm, false, ["sign"]);
  return { key, kid: typeof (jwk as { kid?: string }).kid === "string" ? (jwk as { kid?: string }).kid : undefined };
}

async function provider({ freshLogin }: { freshLogin: boolean }): Promise<OIDCConfig<Cis2Profile>> {
  const settings = env();
  const privateKeyJwt = settings.OIDC_CLIENT_KEY_FILE ? await loadClientKey(settings.OIDC_CLIENT_KEY_FILE) : undefined;
  return {
    id: PROVIDER_ID,
    name: "NHS Care Identity",
    type: "oidc",
    issuer: settings.OIDC_ISSUER,
    clientId: settings.OIDC_CLIENT_ID,
    clientSecret: settings.OIDC_CLIENT_SECRET,
    checks: ["pkce", "state", "nonce"],
    // Real CIS2 puts most claims in userinfo, not the ID token; the ID token is still verified.
    idToken: false,
    authorization: { params: { scope: CIS2_SCOPES, ...(freshLogin ? FRESH_LOGIN_PARAMS : {}) } },
    ...(privateKeyJwt ? { client: { token_endpoint_auth_method: "private_key_jwt" }, token: { clientPrivateKey: privateKeyJwt } } : {}),
    profile(profile) {
      return { id: profile.sub, name: profile.name ?? profile.sub, email: profile.email ?? null };
    },
  } as OIDCConfig<Cis2Profile>;
}

/** Auth.js calls this per request; `request` is unset for server-side calls (auth(), signIn() in actions). */
async function config(request?: NextRequest): Promise<NextAuthConfig> {
  const settings = env();
  // Auth.js's own sign-in endpoint; the sign-in page's action passes FRESH_LOGIN_PARAMS itself.
  const startsSignIn = request?.nextUrl.pathname.startsWith("/api/auth/signin/") ?? false;
  return {
    providers: [await provider({ freshLogin: startsSignIn && (await endedSessionTime()) !== null })],
    secret: settings.AUTH_SECRET,
    trustHost: true,
    // Decided by the public origin, not by how the request reached us (a TLS proxy may speak plain HTTP to us).
    useSecureCookies: settings.AUTH_URL.startsWith("https:"),
    cookies: { sessionToken: sessionCookieSetting(settings.AUTH_URL) },
    session: { strategy: "jwt", maxAge: settings.SESSION_MAX_HOURS * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in/problem", signOut: "/signed-out" },
    callbacks: {
      async signIn({ account, profile: userinfo }) {
        // Before any claim is read: Auth.js does not check the ID token's signature (see id-token.ts).
        // Also before the database: opening an embedded one can block the process for seconds.
        const tokenProblem = await idTokenProblem(account?.id_token);
        const db = await getDb();
        if (tokenProblem) {
          await audit({ action: "sign-in-refused", actor: null, detail: { reason: "bad-id-token", detail: tokenProblem } });
          return false; // Auth.js sends the browser to the sign-in problem page
        }
        const ended = await endedSessionTime();
        const staleLogin = ended && staleLoginProblem(account?.id_token ? decodeJwt(account.id_token) : {}, ended);
        if (staleLogin) {
          await audit({ action: "sign-in-refused", actor: null, detail: { reason: "stale-login", detail: staleLogin } });
          return false;
        }
        const profile = mergedClaims(account, userinfo ?? {});
        const orgCode = pickOrgCode(profile);
        const known = orgCode && (await knownOrganisation(db, orgCode)) ? new Set([orgCode]) : new Set<string>();
        const decision = decideSignIn(profile, { minAssurance: settings.MIN_ASSURANCE_LEVEL, knownOrganisations: known });
        if (decision.ok) return true;
        await audit({
          action: "sign-in-refused",
          actor: decision.personId ?? null,
          detail: { reason: decision.reason, detail: decision.detail },
        });
        return `/sign-in/refused?reason=${decision.reason}`;
      },
      async jwt({ token, account, profile: userinfo }) {
        if (account && userinfo) {
          const profile = mergedClaims(account, userinfo ?? {});
          // First call after a successful sign-in: start the server-side session that every request checks.
          const db = await getDb();
          const decision = decideSignIn(profile, {
            minAssurance: settings.MIN_ASSURANCE_LEVEL,
            knownOrganisations: new Set([pickOrgCode(profile) ?? ""]),
          });
          if (!decision.ok) throw new Error("Sign-in was refused after the policy check passed");
          await upsertPersonOnSignIn(db, { id: decision.personId, name: decision.name, email: decision.email });
          const session = await createSession(db, {
            personId: decision.personId,
            absoluteMs: settings.SESSION_MAX_HOURS * 3600_000,
            idpSid: typeof profile.sid === "string" ? profile.sid : null,
            orgCodes: decision.orgCodes,
          });
          await audit({
            action: "sign-in",
            actor: decision.personId,
            detail: { org: decision.orgCode, role: decision.roleName, orgs: decision.orgCodes },
          });
          token.sub = decision.personId;
          token.name = decision.name;
          token.email = decision.email;
          token.sessionId = session.id;
          token.orgCode = decision.orgCode;
          token.orgName = decision.orgName;
          token.idToken = account.id_token;
        }
        return token;
      },
      session({ session, token }) {
        // Only what pages need; the ID token and session id stay in the encrypted cookie.
        session.user = {
          ...session.user,
          id: token.sub ?? "",
          name: token.name ?? "",
          email: token.email ?? "",
          orgName: typeof token.orgName === "string" ? token.orgName : "",
        };
        return session;
      },
    },
  };
}

/**
 * The person's claims: userinfo, with the ID token's claims on top. By now the ID token is verified:
 * issuer, audience, expiry and nonce by Auth.js, the signature by `idTokenProblem` in the signIn
 * callback; assurance and `sid` are taken from it.
 */
function mergedClaims(account: { id_token?: string } | null | undefined, userinfo: object): Record<string, unknown> {
  const idTokenClaims = account?.id_token ? decodeJwt(account.id_token) : {};
  return { ...userinfo, ...idTokenClaims };
}

function pickOrgCode(claims: unknown): string | undefined {
  const parsed = cis2ProfileSchema.safeParse(claims);
  return parsed.success ? selectedRole(parsed.data)?.org_code : undefined;
}

export const { handlers, auth, signIn, signOut } = NextAuth(config);
