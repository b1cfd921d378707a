import { createHash, generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type SigningJwk = JsonWebKey & { kid: string; alg: "RS256"; use: "sig" };

/** RFC 7638 thumbprint of an RSA key: a kid that stays the same for the same key. */
export function rsaThumbprint(jwk: { e?: string; n?: string }): string {
  if (!jwk.e || !jwk.n) throw new Error("not an RSA key");
  const canonical = JSON.stringify({ e: jwk.e, kty: "RSA", n: jwk.n });
  return createHash("sha256").update(canonical).digest("base64url");
}

export function generateSigningKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  return { ...jwk, kid: rsaThumbprint(jwk), alg: "RS256", use: "sig" };
}

/** Loads the private signing JWK from `file`, creating it (mode 0600) when it does not exist yet. */
export function loadOrCreateSigningKey(file: string): SigningJwk {
  if (existsSync(file)) {
    const jwk = JSON.parse(readFileSync(file, "utf8")) as JsonWebKey;
    if (jwk.kty !== "RSA" || !jwk.d) throw new Error(`${file} does not hold a private RSA JWK`);
    return { ...jwk, kid: rsaThumbprint(jwk), alg: "RS256", use: "sig" };
  }
  const jwk = generateSigningKey();
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: "wx" });
  return jwk;
}
