import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { hasUnsafeCharacters } from "@/lib/http/url-text";

/*
 * The settings forms' answers, checked as the GOV.UK pattern asks: one message per field, saying what
 * to do. Errors travel back to the page as codes (never the secret answers themselves).
 */

export const DISPLAY_NAME_MAX = 80;

export const DISPLAY_NAME_ERRORS = {
  missing: "Enter a display name",
  long: `The display name must be ${DISPLAY_NAME_MAX} characters or fewer`,
  characters: "Enter a display name without line breaks or control characters",
} as const;
export type DisplayNameError = keyof typeof DISPLAY_NAME_ERRORS;

/** The display name as it will be stored (white space tidied), or why it cannot be. */
export function checkDisplayName(raw: unknown): { ok: true; name: string } | { ok: false; error: DisplayNameError } {
  const text = typeof raw === "string" ? raw : "";
  if (hasUnsafeCharacters(text)) return { ok: false, error: "characters" };
  const name = text.replace(/\s+/g, " ").trim();
  if (!name) return { ok: false, error: "missing" };
  if (name.length > DISPLAY_NAME_MAX) return { ok: false, error: "long" };
  return { ok: true, name };
}

export const CREDENTIAL_FIELDS = ["password", "certificate", "key"] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

export const CREDENTIAL_ERRORS = {
  password: {
    missing: "Enter the mailbox password",
    long: "The mailbox password must be 200 characters or fewer",
    characters: "Enter the mailbox password without line breaks or control characters",
  },
  certificate: {
    missing: "Enter the client certificate for this private key, or leave the key empty too",
    format: "Enter the client certificate as PEM text, starting -----BEGIN CERTIFICATE-----",
    expired: "The client certificate has expired. Enter a current one",
    "not-https": "This mailbox reaches MESH over http, which takes no client certificate. Leave the certificate and key empty",
  },
  key: {
    missing: "Enter the private key for this client certificate",
    format: "Enter the private key as unencrypted PEM text, starting -----BEGIN PRIVATE KEY-----",
    mismatch: "The private key does not belong to this certificate. Enter the key that was made with it",
  },
} as const satisfies Record<CredentialField, Record<string, string>>;

export type CredentialErrors = { [F in CredentialField]?: keyof (typeof CREDENTIAL_ERRORS)[F] };

export type CredentialAnswers = { password: string; clientCert?: string; clientKey?: string };

const PEM_MAX = 20_000;

function pemText(raw: unknown): string {
  return typeof raw === "string" ? raw.replace(/\r\n?/g, "\n").trim() : "";
}

function readCertificate(pem: string): X509Certificate | null {
  if (pem.length > PEM_MAX || !pem.startsWith("-----BEGIN CERTIFICATE-----")) return null;
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

function readKey(pem: string): KeyObject | null {
  if (pem.length > PEM_MAX || !/^-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(pem)) return null;
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch {
    // An encrypted key needs a passphrase Mailroom does not ask for.
    return null;
  }
}

/**
 * Checks the credentials form: a password always; a certificate and its key together or not at all
 * (leaving both empty keeps what is stored), parsed, current and matching, and only for an https MESH.
 */
export function checkCredentials(
  raw: { password?: unknown; certificate?: unknown; key?: unknown },
  options: { httpsMesh: boolean; now?: Date },
): { ok: true; answers: CredentialAnswers } | { ok: false; errors: CredentialErrors } {
  const errors: CredentialErrors = {};
  const password = typeof raw.password === "string" ? raw.password : "";
  if (!password.trim()) errors.password = "missing";
  else if (password.length > 200) errors.password = "long";
  else if (hasUnsafeCharacters(password)) errors.password = "characters";
  const certText = pemText(raw.certificate);
  const keyText = pemText(raw.key);
  if (certText || keyText) {
    if (!options.httpsMesh) errors.certificate = "not-https";
    else {
      const cert = certText ? readCertificate(certText) : null;
      const key = keyText ? readKey(keyText) : null;
      if (!certText) errors.certificate = "missing";
      else if (!cert) errors.certificate = "format";
      else if (new Date(cert.validTo) < (options.now ?? new Date())) errors.certificate = "expired";
      if (!keyText) errors.key = "missing";
      else if (!key) errors.key = "format";
      else if (cert && !errors.certificate && !cert.checkPrivateKey(key)) errors.key = "mismatch";
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, answers: certText ? { password, clientCert: `${certText}\n`, clientKey: `${keyText}\n` } : { password } };
}

/** The query the form is sent back with: `passwordError=missing` and so on (codes only, never answers). */
export function credentialErrorQuery(errors: CredentialErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, code]) => [`${field}Error`, String(code)]));
}

/** Reads error codes back from the page's query, keeping only codes that exist. */
export function credentialErrorsFrom(query: Record<string, string | string[] | undefined>): Partial<Record<CredentialField, string>> {
  const messages: Partial<Record<CredentialField, string>> = {};
  for (const field of CREDENTIAL_FIELDS) {
    const code = query[`${field}Error`];
    const table: Record<string, string> = CREDENTIAL_ERRORS[field];
    if (typeof code === "string" && Object.hasOwn(table, code)) messages[field] = table[code];
  }
  return messages;
}
