import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CredentialsKeyError,
  DEVELOPMENT_CREDENTIALS_KEY,
  SecretDecryptError,
  credentialsKey,
  decryptSecret,
  encryptSecret,
} from "./secrets";

const key = randomBytes(32);

describe("encryptSecret / decryptSecret", () => {
  it("round-trips text, including empty and non-ASCII strings", () => {
    for (const plain of ["password", "", "pässwörd – £", "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n"]) {
      expect(decryptSecret(encryptSecret(plain, key), key)).toBe(plain);
    }
  });

  it("writes the versioned format with a fresh IV each time", () => {
    const a = encryptSecret("same", key);
    const b = encryptSecret("same", key);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split(":")[1]!, "base64")).toHaveLength(12);
  });

  it("refuses a tampered ciphertext, tag or IV", () => {
    const blob = encryptSecret("secret value", key);
    const [v, iv, tag, ct] = blob.split(":") as [string, string, string, string];
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, "base64");
      buf[0] = buf[0]! ^ 1;
      return buf.toString("base64");
    };
    for (const bad of [
      [v, iv, tag, flip(ct)],
      [v, iv, flip(tag), ct],
      [v, flip(iv), tag, ct],
    ]) {
      expect(() => decryptSecret(bad.join(":"), key)).toThrow(SecretDecryptError);
    }
  });

  it("refuses the wrong key, the wrong context and unknown formats", () => {
    const blob = encryptSecret("secret", key, "mailbox:A:password");
    expect(() => decryptSecret(blob, randomBytes(32), "mailbox:A:password")).toThrow(/wrong CREDENTIALS_KEY/);
    expect(() => decryptSecret(blob, key, "mailbox:B:password")).toThrow(SecretDecryptError);
    expect(decryptSecret(blob, key, "mailbox:A:password")).toBe("secret");
    expect(() => decryptSecret("plain-text-password", key)).toThrow(/unknown format/);
    expect(() => decryptSecret(blob.replace(/^v1/, "v9"), key)).toThrow(/unknown format/);
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => encryptSecret("x", randomBytes(16))).toThrow(CredentialsKeyError);
  });
});

describe("credentialsKey", () => {
  const good = randomBytes(32).toString("base64");

  it("decodes a 32-byte base64 key", () => {
    expect(credentialsKey({ CREDENTIALS_KEY: good, NODE_ENV: "production" }).toString("base64")).toBe(good);
  });

  it("rejects a key of the wrong length or not base64", () => {
    expect(() => credentialsKey({ CREDENTIALS_KEY: randomBytes(16).toString("base64") })).toThrow(/32 bytes/);
    expect(() => credentialsKey({ CREDENTIALS_KEY: "not base64!" })).toThrow(/base64/);
  });

  it("falls back to the development key only outside production", () => {
    expect(credentialsKey({ NODE_ENV: "test" }).equals(DEVELOPMENT_CREDENTIALS_KEY)).toBe(true);
    expect(() => credentialsKey({ NODE_ENV: "production" })).toThrow(/CREDENTIALS_KEY is not set/);
    const devKeyB64 = DEVELOPMENT_CREDENTIALS_KEY.toString("base64");
    expect(() => credentialsKey({ NODE_ENV: "production", CREDENTIALS_KEY: devKeyB64 })).toThrow(/development key/);
  });
});
