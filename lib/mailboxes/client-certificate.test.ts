import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { selfSignedCertificate } from "@/lib/testing/test-certificates";
import { certificateState, readClientCertificate } from "./client-certificate";

const dir = mkdtempSync(path.join(tmpdir(), "client-certificate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function selfSigned(subject: string, days: number): string {
  selfSignedCertificate(dir, String(days), subject, days);
  return readFileSync(path.join(dir, `${days}.pem`), "utf8");
}

describe("readClientCertificate", () => {
  it("gives the common name and the expiry of the first certificate", () => {
    const pem = selfSigned("/O=NHS/CN=Y90002OT.mailroom.test", 400);
    const cert = readClientCertificate(pem + selfSigned("/CN=issuer", 10));
    expect(cert?.commonName).toBe("Y90002OT.mailroom.test");
    const days = (cert!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(399);
    expect(days).toBeLessThanOrEqual(400);
  });

  it("is null for text that holds no certificate", () => {
    expect(readClientCertificate("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")).toBeNull();
    expect(readClientCertificate("")).toBeNull();
  });
});

describe("certificateState", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000);

  it("warns from 30 days before expiry, counting part of a day as a day", () => {
    expect(certificateState(inDays(31), now)).toEqual({ kind: "valid" });
    expect(certificateState(inDays(30), now)).toEqual({ kind: "expiring", daysLeft: 30 });
    expect(certificateState(inDays(0.2), now)).toEqual({ kind: "expiring", daysLeft: 1 });
  });

  it("is expired from the moment it expires", () => {
    expect(certificateState(now, now)).toEqual({ kind: "expired" });
    expect(certificateState(inDays(-3), now)).toEqual({ kind: "expired" });
  });
});
