import "server-only";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { env } from "@/lib/env";
import { providerMetadata } from "./provider-metadata";

let keySet: { uri: string; jwks: ReturnType<typeof createRemoteJWKSet> } | undefined;

async function verify(idToken: string): Promise<void> {
  const metadata = await providerMetadata();
  if (keySet?.uri !== metadata.jwks_uri) keySet = { uri: metadata.jwks_uri, jwks: createRemoteJWKSet(new URL(metadata.jwks_uri)) };
  await jwtVerify(idToken, keySet.jwks, {
    issuer: metadata.issuer,
    audience: env().OIDC_CLIENT_ID,
    algorithms: ["RS256", "PS256", "ES256"],
    // The same leeway oauth4webapi allows when it checks the claims.
    clockTolerance: 30,
  });
}

/** fetch's own failure (no answer at all), as opposed to an answer or a token that does not check out. */
const isNetworkFailure = (error: unknown) => error instanceof TypeError && error.message === "fetch failed";

/**
 * Why the ID token from the code exchange cannot be trusted, or null when it can. Auth.js (through
 * oauth4webapi) checks an ID token's issuer, audience, expiry, nonce and `alg`, but not its signature:
 * OpenID Connect lets a client rely on the TLS connection to the token endpoint instead. Mailroom
 * checks the signature against the provider's published keys as well, so a token the provider did not
 * sign (a proxy, a misdirected token endpoint, plain HTTP) never starts a session.
 */
export async function idTokenProblem(idToken: string | undefined): Promise<string | null> {
  if (!idToken) return "The identity provider sent no ID token";
  for (let attempt = 1; ; attempt++) {
    try {
      await verify(idToken);
      return null;
    } catch (error) {
      // A pooled keep-alive connection the provider has just closed fails once; a fresh one works.
      if (attempt === 1 && isNetworkFailure(error)) continue;
      return `The ID token did not verify: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
