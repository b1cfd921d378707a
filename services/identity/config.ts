import { z } from "zod";

const uriList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url()).min(1));

const publicJwks = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON JWK set" });
      return z.NEVER;
    }
  })
  .pipe(
    z.object({
      keys: z
        .array(
          z
            .object({ kty: z.string() })
            .loose()
            .refine((k) => !("d" in k), "must hold public keys only (a private key has a 'd' member)"),
        )
        .min(1),
    }),
  );

/**
 * The identity provider's settings that name Mailroom's own URLs at `appUrl`: where sign-in returns, where
 * sign-out lands, and where back-channel logout is delivered. Launchers and tests pass these on.
 */
export function mailroomClientUris(appUrl: string) {
  return {
    IDENTITY_REDIRECT_URIS: `${appUrl}/api/auth/callback/cis2`,
    IDENTITY_POST_LOGOUT_REDIRECT_URIS: `${appUrl}/signed-out`,
    IDENTITY_BACKCHANNEL_LOGOUT_URI: `${appUrl}/api/auth/backchannel-logout`,
  };
}

const envSchema = z.object({
  IDENTITY_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  IDENTITY_HOST: z.string().min(1).default("127.0.0.1"),
  IDENTITY_ISSUER: z
    .url()
    .refine((u) => !u.endsWith("/"), "must not end with a slash (the issuer is compared byte for byte)")
    .optional(),
  IDENTITY_CLIENT_ID: z.string().min(1).default("mailroom"),
  IDENTITY_CLIENT_SECRET: z.string().min(1).default("mailroom-dev-secret"),
  IDENTITY_REDIRECT_URIS: uriList.default(["http://localhost:3000/api/auth/callback/cis2"]),
  IDENTITY_POST_LOGOUT_REDIRECT_URIS: uriList.default(["http://localhost:3000/signed-out"]),
  IDENTITY_BACKCHANNEL_LOGOUT_URI: z.url().default("http://localhost:3000/api/auth/backchannel-logout"),
  IDENTITY_CLIENT_JWKS: publicJwks.optional(),
  IDENTITY_KEY_FILE: z.string().min(1).optional(),
});

export type IdentityConfig = {
  port: number;
  host: string;
  /** Fixed issuer; when absent it is `http://<host>:<bound port>`. */
  issuer?: string;
  clientId: string;
  clientSecret: string;
  /** When set the client authenticates with private_key_jwt using these public keys. */
  clientJwks?: { keys: Record<string, unknown>[] };
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string;
  /** Signing key JWK file: loaded if it exists, otherwise created. Absent: a fresh key per start. */
  keyFile?: string;
};

/** Reads IDENTITY_* variables; empty strings count as unset. Throws a readable error. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): IdentityConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("IDENTITY_") && v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid identity provider configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.IDENTITY_PORT,
    host: e.IDENTITY_HOST,
    issuer: e.IDENTITY_ISSUER,
    clientId: e.IDENTITY_CLIENT_ID,
    clientSecret: e.IDENTITY_CLIENT_SECRET,
    clientJwks: e.IDENTITY_CLIENT_JWKS,
    redirectUris: e.IDENTITY_REDIRECT_URIS,
    postLogoutRedirectUris: e.IDENTITY_POST_LOGOUT_REDIRECT_URIS,
    backchannelLogoutUri: e.IDENTITY_BACKCHANNEL_LOGOUT_URI,
    keyFile: e.IDENTITY_KEY_FILE,
  };
}
