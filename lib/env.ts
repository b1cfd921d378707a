import { z } from "zod";
import { parseAddressRanges } from "./http/address-ranges";
import { DEFAULT_SENT_TRACKING_SCHEDULE, parseSchedule } from "./mailboxes/sent-schedule";

const minutes = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const fileOrUndefined = z
  .string()
  .trim()
  .min(1)
  .optional()
  .or(z.literal("").transform(() => undefined));

/** A comma-separated list of addresses or CIDR ranges, like `10.0.0.0/8, 192.0.2.1`. */
const addressRanges = z.string().refine((value) => parseAddressRanges(value) !== null, {
  error: "must be a comma-separated list of IP addresses or CIDR ranges, like 10.0.0.0/8,2001:db8::/32",
});

// MESH takes at most 100 MB (10^6 bytes per MB, ADR 0013) in one request.
const fileLimit = (fallback: number) => z.coerce.number().int().positive().max(100_000_000).default(fallback);

/** Every setting the web process reads, with the shape it must have. `.env.example` lists the same names. */
export const envSchema = z.object({
  AUTH_URL: z.url({ error: "must be the public origin people browse to, like http://localhost:3000" }),
  AUTH_SECRET: z.string().min(32),
  OIDC_ISSUER: z.url({ error: "must be the OpenID provider's issuer URL, exactly as its discovery document says" }),
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_CLIENT_KEY_FILE: fileOrUndefined,
  MIN_ASSURANCE_LEVEL: z.coerce.number().int().min(1).max(3).default(3),
  SESSION_IDLE_MINUTES: minutes(30),
  SESSION_MAX_HOURS: minutes(12),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|pglite:\/\/)/, { error: "must start with postgres://, postgresql:// or pglite://" })
    .default("pglite://./data/app"),
  // Read by the demo seed step (scripts/seed-demo-data.ts), not by the web server: opening the database never seeds.
  SEED_DEMO_DATA: z
    .enum(["true", "false", ""], { error: "must be true, false or empty" })
    .optional()
    .transform((value) => value || undefined),
  CREDENTIALS_KEY: z.string().refine((value) => Buffer.from(value, "base64").length === 32),
  MESH_URL: z
    .url({ error: "must be the MESH server's base URL, like https://msg.intspineservices.nhs.uk" })
    .default("http://127.0.0.1:8700"),
  MESH_CLIENT_CERT: fileOrUndefined,
  MESH_CLIENT_KEY: fileOrUndefined,
  MESH_CA_CERT: fileOrUndefined,
  // How long MESH may stay silent during one request (or while a download is being read) before Mailroom gives up.
  MESH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  MESH_NETWORK: z.enum(["internet", "hscn"], { error: "must be internet or hscn" }).default("internet"),
  // Per request, the person's network decides the file limit (docs/sending.md).
  HSCN_ADDRESS_RANGES: addressRanges.default(""),
  TRUSTED_PROXIES: addressRanges.default(""),
  MAX_FILE_BYTES_INTERNET: fileLimit(50_000_000),
  MAX_FILE_BYTES_HSCN: fileLimit(100_000_000),
  // The sent-status refresher (ADR 0014): when it asks MESH about a message, how often it looks, and its bound.
  SENT_TRACKING_SCHEDULE: z
    .string()
    .refine((value) => parseSchedule(value) !== null, { error: "must be rising durations like 1m,5m,15m,1h (units s, m, h)" })
    .default(DEFAULT_SENT_TRACKING_SCHEDULE),
  SENT_TRACKING_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  SENT_TRACKING_PER_MAILBOX_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(20),
  /** At most this often per mailbox, opening Sent asks the rich outbox for files sent outside Mailroom (ADR 0021). */
  SENT_OUTBOX_FILL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent", ""], { error: "must be a pino level such as info or debug" })
    .optional(),
  // Read by proxy.ts: the header a trusted reverse proxy puts its request id in (none: Mailroom makes one).
  // In production, http:// is refused for AUTH_URL, OIDC_ISSUER and MESH_URL off the loopback unless this is true (ADR 0019).
  ALLOW_INSECURE_URLS: z
    .enum(["true", "false", ""], { error: "must be true, false or empty" })
    .optional()
    .transform((value) => value === "true"),
  REQUEST_ID_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]*$/, { error: "must be a header name such as x-request-id" })
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

/** What a setting should look like, for the start-up error when zod's own message would be too terse. */
const SHAPES: Record<string, string> = {
  AUTH_SECRET: "a random secret of at least 32 characters (openssl rand -base64 33)",
  OIDC_CLIENT_ID: "the client id registered at the OpenID provider",
  CREDENTIALS_KEY: "32 random bytes in base64 (openssl rand -base64 32)",
};

/** Parses settings; throws one error naming every missing or malformed one and what it should look like. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) {
    const env = result.data;
    if (!env.OIDC_CLIENT_SECRET && !env.OIDC_CLIENT_KEY_FILE) {
      throw new Error("Mailroom cannot start: set OIDC_CLIENT_SECRET or OIDC_CLIENT_KEY_FILE (a private_key_jwt signing key).");
    }
    if (Boolean(env.MESH_CLIENT_CERT) !== Boolean(env.MESH_CLIENT_KEY)) {
      throw new Error("Mailroom cannot start: MESH_CLIENT_CERT and MESH_CLIENT_KEY go together (mutual TLS needs both).");
    }
    const insecure =
      source.NODE_ENV === "production" && !env.ALLOW_INSECURE_URLS ? INSECURE_CHECKED.filter((name) => isInsecureUrl(env[name])) : [];
    if (insecure.length > 0) {
      throw new Error(
        `Mailroom cannot start: in production ${insecure.join(", ")} must use https:// (plain http:// is allowed only to ` +
          "localhost or a loopback address). Set ALLOW_INSECURE_URLS=true to allow it anyway, for example on a closed test network.",
      );
    }
    return env;
  }
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "");
    const problem = source[name] === undefined || source[name] === "" ? "is missing" : "is not valid";
    return `  ${name} ${problem}: it ${issue.message.startsWith("must") ? issue.message : `must be ${SHAPES[name] ?? issue.message}`}`;
  });
  throw new Error(`Mailroom cannot start because of its settings:\n${lines.join("\n")}\nSee .env.example.`);
}

const INSECURE_CHECKED = ["AUTH_URL", "OIDC_ISSUER", "MESH_URL"] as const;

/** True for an http:// URL that leaves the machine: plain HTTP to localhost or a loopback address never crosses a network. */
export function isInsecureUrl(value: string): boolean {
  const url = new URL(value);
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const loopback = host === "localhost" || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host) || host === "::1";
  return !loopback;
}

let cached: Env | undefined;

/** The validated settings of this process, read once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Largest file a person may send from `network`: 50 MB from the internet, 100 MB from HSCN, unless configured lower. */
export function maxUploadBytes(
  network: Env["MESH_NETWORK"],
  settings: Pick<Env, "MAX_FILE_BYTES_INTERNET" | "MAX_FILE_BYTES_HSCN"> = {
    MAX_FILE_BYTES_INTERNET: 50_000_000,
    MAX_FILE_BYTES_HSCN: 100_000_000,
  },
): number {
  return network === "hscn" ? settings.MAX_FILE_BYTES_HSCN : settings.MAX_FILE_BYTES_INTERNET;
}
