import path from "node:path";
import { z } from "zod";

/** Per-request payload limit: 100 MiB, the MESH limit for one request (single message or one chunk). */
export const DEFAULT_MAX_REQUEST_BYTES = 100 * 1024 * 1024;
/** Per-mailbox storage: a hundred full-size requests, far above any demo or test, far below a disk. */
export const DEFAULT_QUOTA_BYTES = 10 * 1024 * 1024 * 1024;
/** 1000 chunks of 100 MB: the 100 GB the service's overview gives as the largest message. */
export const DEFAULT_MAX_CHUNKS = 1000;

const bool = z.enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""]).transform((v) => ["1", "true", "yes", "on"].includes(v));

const EnvSchema = z.object({
  MAILBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8700),
  MAILBOX_HOST: z.string().min(1).default("127.0.0.1"),
  MAILBOX_DATA_DIR: z.string().min(1).default("data/mailbox"),
  MAILBOX_DATABASE_URL: z.string().optional(),
  MAILBOX_SHARED_KEY: z.string().min(1).optional(),
  MAILBOX_MAILBOXES_FILE: z.string().optional(),
  MAILBOX_WORKFLOWS_FILE: z.string().optional(),
  MAILBOX_RULES_FILE: z.string().optional(),
  MAILBOX_TLS_CERT: z.string().optional(),
  MAILBOX_TLS_KEY: z.string().optional(),
  MAILBOX_TLS_CA: z.string().optional(),
  MAILBOX_AUTH_MODE: z.enum(["full", "canned", "none"]).default("full"),
  /** `real` (default) follows the live service; `sandbox` switches every REAL≠SBX toggle to mesh-sandbox. */
  MAILBOX_COMPAT: z.enum(["real", "sandbox"]).default("real"),
  MAILBOX_SINGLE_USE_TOKENS: bool.optional(),
  MAILBOX_TOKEN_WINDOW_MINUTES: z.coerce.number().int().min(0).optional(),
  MAILBOX_SERVE_ACKNOWLEDGED: bool.optional(),
  MAILBOX_UPLOAD_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60 * 1000),
  MAILBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  MAILBOX_MAX_REQUEST_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_REQUEST_BYTES),
  MAILBOX_TEST_CLOCK: bool.default(false),
  MAILBOX_ADMIN: bool.optional(),
  MAILBOX_ADMIN_HOSTS: z.string().default(""),
  MAILBOX_QUOTA_BYTES: z.coerce.number().int().positive().default(DEFAULT_QUOTA_BYTES),
  MAILBOX_MAX_CHUNKS: z.coerce.number().int().positive().default(DEFAULT_MAX_CHUNKS),
  MAILBOX_QUIET: bool.default(false),
  MAILBOX_SERVER_TIMING: bool.default(false),
  MAILBOX_ENV: z.string().default("local"),
});

export type MailboxConfig = {
  port: number;
  host: string;
  dataDir: string;
  /** `postgres://…` for a PostgreSQL server; otherwise embedded PGlite under `<dataDir>/pglite`. */
  databaseUrl?: string;
  sharedKey: string;
  mailboxesFile?: string;
  workflowsFile?: string;
  rulesFile?: string;
  tls?: { cert: string; key: string; ca?: string };
  authMode: "full" | "canned" | "none";
  singleUseTokens: boolean;
  /** Accepted distance between the token timestamp and the server clock; 0 disables the check. */
  tokenWindowMinutes: number;
  /** mesh-sandbox still serves acknowledged messages; the real service answers 410. */
  serveAcknowledged: boolean;
  /** Rich inbox rows also carry what a HEAD tells (ADR 0112); mesh-sandbox's rows do not. */
  richInboxDetails: boolean;
  uploadTimeoutMs: number;
  sweepIntervalMs: number;
  maxRequestBytes: number;
  testClock: boolean;
  /** The admin API (reset, report, events, details): for test rigs only, off unless asked for. */
  adminEnabled: boolean;
  /** Host names the admin API answers to, besides loopback and `host` (against DNS rebinding). */
  adminHosts: string[];
  /** Bytes a mailbox may have stored as sender (every message it sent that is still kept). */
  quotaBytes: number;
  /** The most chunks one message may declare. */
  maxChunks: number;
  quiet: boolean;
  /** Each response says how long the server took, in a `Server-Timing` header (for benchmarks). */
  serverTiming: boolean;
  envName: string;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): MailboxConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid mailbox configuration: ${problems}`);
  }
  const e = parsed.data;
  const sandbox = e.MAILBOX_COMPAT === "sandbox";
  if ((e.MAILBOX_TLS_CERT && !e.MAILBOX_TLS_KEY) || (!e.MAILBOX_TLS_CERT && e.MAILBOX_TLS_KEY)) {
    throw new Error("invalid mailbox configuration: MAILBOX_TLS_CERT and MAILBOX_TLS_KEY must be set together");
  }
  if (e.MAILBOX_TLS_CA && !e.MAILBOX_TLS_CERT) {
    throw new Error("invalid mailbox configuration: MAILBOX_TLS_CA needs MAILBOX_TLS_CERT and MAILBOX_TLS_KEY");
  }
  return {
    port: e.MAILBOX_PORT,
    host: e.MAILBOX_HOST,
    dataDir: path.resolve(e.MAILBOX_DATA_DIR),
    databaseUrl: e.MAILBOX_DATABASE_URL || undefined,
    sharedKey: e.MAILBOX_SHARED_KEY ?? "TestKey",
    mailboxesFile: e.MAILBOX_MAILBOXES_FILE || undefined,
    workflowsFile: e.MAILBOX_WORKFLOWS_FILE || undefined,
    rulesFile: e.MAILBOX_RULES_FILE || undefined,
    tls:
      e.MAILBOX_TLS_CERT && e.MAILBOX_TLS_KEY
        ? { cert: e.MAILBOX_TLS_CERT, key: e.MAILBOX_TLS_KEY, ca: e.MAILBOX_TLS_CA || undefined }
        : undefined,
    authMode: e.MAILBOX_AUTH_MODE,
    singleUseTokens: e.MAILBOX_SINGLE_USE_TOKENS ?? !sandbox,
    tokenWindowMinutes: e.MAILBOX_TOKEN_WINDOW_MINUTES ?? (sandbox ? 0 : 120),
    serveAcknowledged: e.MAILBOX_SERVE_ACKNOWLEDGED ?? sandbox,
    richInboxDetails: !sandbox,
    uploadTimeoutMs: e.MAILBOX_UPLOAD_TIMEOUT_MS,
    sweepIntervalMs: e.MAILBOX_SWEEP_INTERVAL_MS,
    maxRequestBytes: e.MAILBOX_MAX_REQUEST_BYTES,
    testClock: e.MAILBOX_TEST_CLOCK,
    adminEnabled: e.MAILBOX_ADMIN ?? sandbox,
    adminHosts: e.MAILBOX_ADMIN_HOSTS.split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    quotaBytes: e.MAILBOX_QUOTA_BYTES,
    maxChunks: e.MAILBOX_MAX_CHUNKS,
    quiet: e.MAILBOX_QUIET,
    serverTiming: e.MAILBOX_SERVER_TIMING,
    envName: e.MAILBOX_ENV,
  };
}
