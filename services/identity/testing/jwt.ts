import { createHmac, createPublicKey, createSign, createVerify, type JsonWebKey, type KeyObject } from "node:crypto";

/** Minimal JWT helpers on node:crypto, for tests only. */

export type JwtHeader = { alg: string; kid?: string; typ?: string; [key: string]: unknown };
export type JwtPayload = Record<string, unknown>;
export type PublicJwks = { keys: (JsonWebKey & { kid?: string; alg?: string; use?: string })[] };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function decodeJwt(token: string): { header: JwtHeader; payload: JwtPayload; signature: string } {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("not a compact JWS");
  const [h, p, s] = parts as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as JwtHeader,
    payload: JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as JwtPayload,
    signature: s,
  };
}

export type SignKey = { alg: "RS256"; privateKey: KeyObject } | { alg: "HS256"; secret: string | Buffer } | { alg: "none" };

/** Signs any header/payload. `alg: "none"` gives an unsigned token (empty signature). */
export function signJwt(payload: JwtPayload, key: SignKey, header: Partial<JwtHeader> = {}): string {
  const input = `${b64({ typ: "JWT", ...header, alg: key.alg })}.${b64(payload)}`;
  switch (key.alg) {
    case "none":
      return `${input}.`;
    case "HS256":
      return `${input}.${createHmac("sha256", key.secret).update(input).digest("base64url")}`;
    case "RS256":
      return `${input}.${createSign("RSA-SHA256").update(input).sign(key.privateKey, "base64url")}`;
  }
}

/**
 * Checks an RS256 signature against a JWKS (picking the key by kid) and returns the decoded token.
 * It checks only the signature; claims are left to the caller.
 */
export function verifyRs256(token: string, jwks: PublicJwks): { header: JwtHeader; payload: JwtPayload } {
  const { header, payload } = decodeJwt(token);
  if (header.alg !== "RS256") throw new Error(`unexpected alg ${header.alg}`);
  const jwk = jwks.keys.find((k) => k.kty === "RSA" && (header.kid === undefined || k.kid === header.kid));
  if (!jwk) throw new Error(`no RSA key for kid ${String(header.kid)}`);
  const dot = token.lastIndexOf(".");
  const ok = createVerify("RSA-SHA256")
    .update(token.slice(0, dot))
    .verify(createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(token.slice(dot + 1), "base64url"));
  if (!ok) throw new Error("bad signature");
  return { header, payload };
}
