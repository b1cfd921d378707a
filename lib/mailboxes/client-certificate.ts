import { X509Certificate } from "node:crypto";

/** Days before expiry from which the settings page warns that a client certificate needs renewing. */
export const CERTIFICATE_WARNING_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export type CertificateState = { kind: "valid" } | { kind: "expiring"; daysLeft: number } | { kind: "expired" };

/** What an admin needs to know about a client certificate: whose it is and when it stops working. */
export type ClientCertificate = {
  /** The subject's common name (a MESH certificate names its mailbox or system), or null if it has none. */
  commonName: string | null;
  expiresAt: Date;
};

/** Reads the first certificate of PEM text (a file may hold a chain); null if it holds none. */
export function readClientCertificate(pem: string | Buffer): ClientCertificate | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return null;
  }
  const commonName = /^CN=(.*)$/m.exec(cert.subject)?.[1]?.trim() || null;
  return { commonName, expiresAt: new Date(cert.validTo) };
}

export function certificateState(expiresAt: Date, now: Date = new Date()): CertificateState {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return { kind: "expired" };
  const daysLeft = Math.ceil(left / DAY_MS);
  return daysLeft <= CERTIFICATE_WARNING_DAYS ? { kind: "expiring", daysLeft } : { kind: "valid" };
}
