import pino, { type Logger } from "pino";

export type { Logger };

/*
 * One structured logger for the web app and both services: JSON lines on standard output, a level
 * from LOG_LEVEL, and the fields that could hold a secret censored wherever they appear. Callers log
 * ids, kinds and counts, never payloads; the redaction is the net under that rule.
 */

const SECRET_KEYS = [
  "password",
  "secret",
  "token",
  "authorization",
  "cookie",
  "sharedKey",
  "clientKey",
  "privateKey",
  "idToken",
  "accessToken",
  "refreshToken",
  "credentials",
];

/** The secret keys at the top and up to two levels down (pino's redaction takes explicit paths). */
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function createLogger(service: "web" | "mailbox" | "identity", destination?: pino.DestinationStream): Logger {
  const level = (LOG_LEVELS as readonly string[]).includes(process.env.LOG_LEVEL ?? "") ? process.env.LOG_LEVEL! : "info";
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

/** What a log line may say about a failure: its kind, status and MESH code when it has them, and its message. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const { kind, status, code } = error as Error & { kind?: string; status?: number; code?: string };
  return {
    error: {
      name: error.name,
      message: error.message,
      ...(kind ? { kind } : {}),
      ...(status ? { status } : {}),
      ...(code ? { code } : {}),
    },
  };
}
