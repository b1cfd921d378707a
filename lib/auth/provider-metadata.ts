import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";

const metadataSchema = z.object({
  issuer: z.string(),
  jwks_uri: z.url(),
  end_session_endpoint: z.url().optional(),
});

export type ProviderMetadata = z.infer<typeof metadataSchema>;

let cached: { at: number; value: ProviderMetadata } | undefined;

/** The OpenID provider's discovery document, cached for ten minutes. */
export async function providerMetadata(): Promise<ProviderMetadata> {
  if (cached && Date.now() - cached.at < 600_000) return cached.value;
  const issuer = env().OIDC_ISSUER;
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`The identity provider's discovery document answered ${response.status}`);
  const value = metadataSchema.parse(await response.json());
  cached = { at: Date.now(), value };
  return value;
}

let probe: { at: number; answers: boolean } | undefined;

/**
 * Whether the identity provider answers with its discovery document now, for the sign-in pages to
 * say so before anyone is sent to it. Asked at most every 15 s, and given 3 s to answer.
 */
export async function identityProviderAnswers(): Promise<boolean> {
  if (probe && Date.now() - probe.at < 15_000) return probe.answers;
  const url = `${env().OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const answers = await fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
    async (response) => {
      await response.body?.cancel();
      return response.ok;
    },
    (error: unknown) => {
      log.warn(errorFields(error), "the identity provider did not answer");
      return false;
    },
  );
  probe = { at: Date.now(), answers };
  return answers;
}

/** Where to send the browser so the provider ends its own session too, then returns to /signed-out. */
export async function endSessionUrl(idToken: string | null): Promise<URL | null> {
  const metadata = await providerMetadata().catch((error: unknown) => {
    log.warn(errorFields(error), "the identity provider's discovery document could not be read; signing out of Mailroom only");
    return null;
  });
  if (!metadata?.end_session_endpoint) return null;
  const settings = env();
  const url = new URL(metadata.end_session_endpoint);
  if (idToken) url.searchParams.set("id_token_hint", idToken);
  url.searchParams.set("client_id", settings.OIDC_CLIENT_ID);
  url.searchParams.set("post_logout_redirect_uri", `${settings.AUTH_URL.replace(/\/$/, "")}/signed-out`);
  return url;
}
