import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "@/lib/testing/test-certificates";
import { checkCredentials, checkDisplayName, credentialErrorQuery, credentialErrorsFrom } from "./settings-answers";

let certs: TestCertificates | undefined;
const pem: Record<string, string> = {};

beforeAll(() => {
  // Two certificates with keys of their own.
  certs = makeTestCertificates("settings-answers");
  for (const [name, file] of [
    ["one", "client"],
    ["two", "stranger"],
  ] as const) {
    pem[`${name}Cert`] = readFileSync(certs.file(`${file}.pem`), "utf8");
    pem[`${name}Key`] = readFileSync(certs.file(`${file}.key`), "utf8");
  }
});
afterAll(() => certs?.remove());

describe("checkDisplayName", () => {
  it("tidies white space and refuses empty, long and control-character names", () => {
    expect(checkDisplayName("  Hillside   Surgery ")).toEqual({ ok: true, name: "Hillside Surgery" });
    expect(checkDisplayName("   ")).toEqual({ ok: false, error: "missing" });
    expect(checkDisplayName(undefined)).toEqual({ ok: false, error: "missing" });
    expect(checkDisplayName("x".repeat(81))).toEqual({ ok: false, error: "long" });
    expect(checkDisplayName("x".repeat(80))).toMatchObject({ ok: true });
    expect(checkDisplayName("Hill\u0000side")).toEqual({ ok: false, error: "characters" });
    expect(checkDisplayName("Hill\nside")).toEqual({ ok: false, error: "characters" });
  });
});

describe("checkCredentials", () => {
  const https = { httpsMesh: true };

  it("takes a password alone, keeping the stored certificate", () => {
    expect(checkCredentials({ password: "secret pw" }, https)).toEqual({ ok: true, answers: { password: "secret pw" } });
    expect(checkCredentials({ password: "" }, https)).toEqual({ ok: false, errors: { password: "missing" } });
    expect(checkCredentials({ password: "a\u0007b" }, https)).toEqual({ ok: false, errors: { password: "characters" } });
    expect(checkCredentials({ password: "x".repeat(201) }, https)).toEqual({ ok: false, errors: { password: "long" } });
  });

  it("takes a certificate with its own key, with Windows line ends", () => {
    const result = checkCredentials({ password: "pw", certificate: pem.oneCert!.replace(/\n/g, "\r\n"), key: pem.oneKey }, https);
    expect(result).toEqual({ ok: true, answers: { password: "pw", clientCert: pem.oneCert, clientKey: pem.oneKey } });
  });

  it("refuses half a pair, text that is not PEM, a key of another certificate and an expired certificate", () => {
    expect(checkCredentials({ password: "pw", key: pem.oneKey }, https)).toEqual({ ok: false, errors: { certificate: "missing" } });
    expect(checkCredentials({ password: "pw", certificate: pem.oneCert }, https)).toEqual({ ok: false, errors: { key: "missing" } });
    expect(checkCredentials({ password: "pw", certificate: "hello", key: "-----BEGIN PRIVATE KEY-----\nnope\n" }, https)).toEqual({
      ok: false,
      errors: { certificate: "format", key: "format" },
    });
    expect(checkCredentials({ password: "pw", certificate: pem.oneCert, key: pem.twoKey }, https)).toEqual({
      ok: false,
      errors: { key: "mismatch" },
    });
    const later = new Date(Date.now() + 5 * 86_400_000);
    expect(checkCredentials({ password: "pw", certificate: pem.oneCert, key: pem.oneKey }, { httpsMesh: true, now: later })).toEqual({
      ok: false,
      errors: { certificate: "expired" },
    });
  });

  it("refuses a certificate for a mailbox that reaches MESH over http", () => {
    expect(checkCredentials({ password: "", certificate: pem.oneCert, key: pem.oneKey }, { httpsMesh: false })).toEqual({
      ok: false,
      errors: { password: "missing", certificate: "not-https" },
    });
  });
});

describe("credentialErrorsFrom", () => {
  it("turns known codes into messages and ignores the rest", () => {
    expect(credentialErrorQuery({ password: "missing", key: "mismatch" })).toEqual({ passwordError: "missing", keyError: "mismatch" });
    expect(credentialErrorsFrom({ passwordError: "missing", keyError: "mismatch", certificateError: "toString" })).toEqual({
      password: "Enter the mailbox password",
      key: "The private key does not belong to this certificate. Enter the key that was made with it",
    });
  });
});
