import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { log } from "@/lib/logging/log";

/**
 * Envelope for mailbox credentials at rest: AES-256-GCM with a random 12-byte IV, written as
 * `v1:<iv>:<tag>:<ciphertext>` (base64 each). The version prefix lets a later format or key id
 * be introduced without guessing how old rows were written.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Thrown when a blob cannot be decrypted: wrong key, tampered data, or not our format. */
export class SecretDecryptError extends Error {
  constructor(reason: string) {
    super(`Could not decrypt a stored credential: ${reason}`);
    this.name = "SecretDecryptError";
  }
}

/** Thrown when CREDENTIALS_KEY is missing or malformed. */
export class CredentialsKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsKeyError";
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new CredentialsKeyError(`Credential key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/**
 * Encrypts `plain`. `context` is bound as additional authenticated data (for example
 * "mailbox:X26ABC1:password"), so a ciphertext copied into another row or column fails to decrypt.
 */
export function encryptSecret(plain: string, key: Buffer, context = ""): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

/** Reverses {@link encryptSecret}; `context` must match the one used to encrypt. */
export function decryptSecret(blob: string, key: Buffer, context = ""): string {
  checkKey(key);
  const parts = blob.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretDecryptError("unknown format or version");
  const [, ivB64, tagB64, ctB64] = parts as [string, string, string, string];
  const iv = Buffer.from(ivB64, "base64");
  const tag = Buffer.from(tagB64, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretDecryptError("malformed IV or tag");
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ctB64, "base64")), decipher.final()]).toString("utf8");
  } catch {
    // GCM does not say which; both mean the stored value is unusable with this key.
    throw new SecretDecryptError("wrong CREDENTIALS_KEY or the data was altered");
  }
}

/**
 * The development fallback key. It is public (derived from a fixed string in this file), so it keeps
 * nothing secret; it only lets a fresh clone run without setup. Production refuses it.
 */
export const DEVELOPMENT_CREDENTIALS_KEY = createHash("sha256").update("mailroom-development-credentials-key").digest();

let warnedAboutDevKey = false;

/**
 * The credential key from `CREDENTIALS_KEY` (32 bytes, base64). Outside production a missing key
 * falls back to {@link DEVELOPMENT_CREDENTIALS_KEY} so `npm run dev` works on a fresh clone.
 */
export function credentialsKey(env: { CREDENTIALS_KEY?: string; NODE_ENV?: string } = process.env): Buffer {
  const raw = env.CREDENTIALS_KEY?.trim();
  if (!raw) {
    if (env.NODE_ENV === "production") {
      throw new CredentialsKeyError("CREDENTIALS_KEY is not set. Set it to 32 random bytes in base64, e.g. `openssl rand -base64 32`.");
    }
    if (!warnedAboutDevKey && env.NODE_ENV !== "test") {
      warnedAboutDevKey = true;
      log.warn("CREDENTIALS_KEY is not set; using the public development key (never do this in production).");
    }
    return DEVELOPMENT_CREDENTIALS_KEY;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) throw new CredentialsKeyError("CREDENTIALS_KEY must be base64.");
  const key = Buffer.from(raw, "base64");
  if (key.length !== KEY_BYTES) {
    throw new CredentialsKeyError(`CREDENTIALS_KEY must decode to ${KEY_BYTES} bytes, but it decodes to ${key.length}.`);
  }
  if (env.NODE_ENV === "production" && key.equals(DEVELOPMENT_CREDENTIALS_KEY)) {
    throw new CredentialsKeyError("CREDENTIALS_KEY is the public development key; generate a real one for production.");
  }
  return key;
}
