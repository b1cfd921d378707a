import "server-only";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { audit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { revokeAllForPerson, revokeByIdpSid } from "@/lib/db/queries/sessions";
import { env } from "@/lib/env";
import { providerMetadata } from "./provider-metadata";

const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

let keySet: { uri: string; jwks: ReturnType<typeof createRemoteJWKSet> } | undefined;

/**
 * OpenID Connect back-channel logout: verifies the provider's signed logout token and ends the
 * matching sessions (by `sid`, or every session of `sub`). Returns how many sessions ended.
 */
export async function handleLogoutToken(logoutToken: string): Promise<number> {
  const metadata = await providerMetadata();
  if (keySet?.uri !== metadata.jwks_uri) keySet = { uri: metadata.jwks_uri, jwks: createRemoteJWKSet(new URL(metadata.jwks_uri)) };
  const { payload } = await jwtVerify(logoutToken, keySet.jwks, {
    issuer: metadata.issuer,
    audience: env().OIDC_CLIENT_ID,
    algorithms: ["RS256", "PS256", "ES256"],
    maxTokenAge: "10 minutes",
    // OpenID Back-Channel Logout 1.0 §2.4 (as amended): explicit typing, so an ID token cannot pass as one.
    typ: "logout+jwt",
  });
  const events = payload.events as Record<string, unknown> | undefined;
  if (!events || typeof events !== "object" || !(LOGOUT_EVENT in events))
    throw new Error("not a logout token: no back-channel logout event");
  if ("nonce" in payload) throw new Error("a logout token must not carry a nonce");
  const sid = typeof payload.sid === "string" ? payload.sid : undefined;
  const sub = typeof payload.sub === "string" ? payload.sub : undefined;
  if (!sid && !sub) throw new Error("a logout token needs sid or sub");
  const db = await getDb();
  const ended = sid ? await revokeByIdpSid(db, sid) : await revokeAllForPerson(db, sub as string);
  await audit({ action: "back-channel-logout", actor: sub ?? null, detail: { sid: sid ?? null, sessionsEnded: ended } });
  return ended;
}
