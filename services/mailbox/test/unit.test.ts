import { describe, expect, it } from "vitest";
import { Authenticator, tokenHash } from "../auth";
import { loadConfig } from "../config";
import { route } from "../delivery-rules";
import { defaultMailboxes, describeDemoMailboxes, type DeliveryRule } from "../directory";
import { apiVersion } from "../http-util";
import { newMessageId } from "../message-id";
import { parseChunkRange } from "../handlers/send";
import { parseWorkflowFilter } from "../store";
import { meshToken } from "../testing/mesh-token";

describe("NHSMESH token (worked test vectors)", () => {
  it("matches vectors A, B and C", () => {
    const a = ["X26ABC1", "4f0b6e0e-1c2a-4d3b-9e8f-0123456789ab"] as const;
    expect(tokenHash("TestKey", a[0], a[1], "0", "password", "202403111124")).toBe(
      "c12b786ce0b022cb73d4b4c29af574440421526c0bd56505f8ec3283f9c25c76",
    );
    expect(tokenHash("TestKey", a[0], a[1], "1", "password", "202403111124")).toBe(
      "7339fc7cfed6de099c01ce9ee44177310ae93fe6dd0e73eb1579834e609c71c8",
    );
    expect(tokenHash("TestKey", "X26ABC2", "5d2c8f4a-7b1e-4c9d-a3f0-fedcba987654", "7", "s3cr3t-Pw", "203001021304")).toBe(
      "2de898fd89c02e35ab0c69812dd9e8c9598052241be89eb9fcfbbb6a1fbffe18",
    );
    expect(meshToken({ mailboxId: a[0], password: "password", nonce: a[1], now: new Date(Date.UTC(2024, 2, 11, 11, 24)) })).toBe(
      "NHSMESH X26ABC1:4f0b6e0e-1c2a-4d3b-9e8f-0123456789ab:0:202403111124:c12b786ce0b022cb73d4b4c29af574440421526c0bd56505f8ec3283f9c25c76",
    );
  });

  it("verifies vector A at its own time, and honours the sandbox switches", () => {
    const boxes = new Map(defaultMailboxes().map((m) => [m.mailboxId, m]));
    const header =
      "NHSMESH X26ABC1:4f0b6e0e-1c2a-4d3b-9e8f-0123456789ab:0:202403111124:c12b786ce0b022cb73d4b4c29af574440421526c0bd56505f8ec3283f9c25c76";
    const at = Date.UTC(2024, 2, 11, 11, 30);
    const real = new Authenticator({ sharedKey: "TestKey", mode: "full", singleUseTokens: true, windowMinutes: 120 }, (id) =>
      boxes.get(id),
    );
    expect(real.verify(header, "X26ABC1", at).ok).toBe(true);
    expect(real.verify(header, "X26ABC1", at).ok).toBe(false);
    expect(real.verify(header, "X26ABC1", Date.UTC(2024, 2, 11, 14, 0)).ok).toBe(false);
    const sandbox = new Authenticator({ sharedKey: "TestKey", mode: "full", singleUseTokens: false, windowMinutes: 0 }, (id) =>
      boxes.get(id),
    );
    expect(sandbox.verify(header, "X26ABC1").ok).toBe(true);
    expect(sandbox.verify(header, "X26ABC1").ok).toBe(true);
    const canned = new Authenticator({ sharedKey: "TestKey", mode: "canned", singleUseTokens: true, windowMinutes: 120 }, (id) =>
      boxes.get(id),
    );
    expect(canned.verify("NHSMESH X26ABC1:valid:0:202401010000:x", "X26ABC1").ok).toBe(true);
    const none = new Authenticator({ sharedKey: "TestKey", mode: "none", singleUseTokens: true, windowMinutes: 120 }, (id) =>
      boxes.get(id),
    );
    expect(none.verify(undefined, "X26ABC1").ok).toBe(true);
    expect(none.verify(undefined, "NOPE").ok).toBe(false);
  });
});

describe("parsing helpers", () => {
  it("parses Accept like mesh-sandbox", () => {
    expect(apiVersion(undefined)).toBe(1);
    expect(apiVersion("application/json")).toBe(1);
    expect(apiVersion("*/*")).toBe(1);
    expect(apiVersion("application/vnd.mesh.v2+json")).toBe(2);
    expect(apiVersion("application/vnd.mesh.v1+json")).toBe(1);
    expect(apiVersion("application/vnd.mesh.v2+json; q=1")).toBe(2);
    expect(apiVersion("application/vnd.mesh.v2+json, */*")).toBeNull();
    expect(apiVersion("application/vnd.mesh.v3+json")).toBeNull();
  });

  it("parses workflow filters and chunk ranges", () => {
    expect(parseWorkflowFilter("WF1")).toEqual({ negate: false, op: "eq", value: "WF1" });
    expect(parseWorkflowFilter("!WF*")).toEqual({ negate: true, op: "prefix", value: "WF" });
    expect(parseWorkflowFilter("*_ACK*")).toEqual({ negate: false, op: "contains", value: "_ACK" });
    expect(parseChunkRange("2:3")).toEqual({ n: 2, total: 3 });
    for (const bad of ["", "0:1", "4:3", "a:b", "1:", "1:1:1"]) expect(parseChunkRange(bad)).toBeNull();
  });

  it("makes real-format, unique message ids", () => {
    const now = new Date(Date.UTC(2020, 4, 29, 15, 53, 57, 895));
    const ids = new Set(Array.from({ length: 100 }, () => newMessageId(now)));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^20200529155357895\d{3}_[0-9A-F]{6}$/);
  });
});

describe("delivery rules", () => {
  const rules: DeliveryRule[] = [
    { kind: "cc", ccTo: "A1", ifSender: "S1" },
    { kind: "cc", ccTo: "A2", ifRecipient: "R1", workflowId: "W" },
    { kind: "redirect", redirectTo: "N1", ifRecipient: "R2" },
    { kind: "cc", ccTo: "A3", ifRecipient: "R2" },
  ];
  it("needs every given condition to match, and lets redirect win", () => {
    expect(route(rules, "S1", "R1", "W")).toEqual({ ccTo: ["A1", "A2"] });
    expect(route(rules, "S2", "R1", "X")).toEqual({ ccTo: [] });
    expect(route(rules, "S1", "R2", "W")).toEqual({ redirectTo: "N1", ccTo: [] });
  });
});

describe("configuration", () => {
  it("defaults to the real service and switches to sandbox behaviour", () => {
    const real = loadConfig({});
    expect(real).toMatchObject({
      port: 8700,
      host: "127.0.0.1",
      sharedKey: "TestKey",
      singleUseTokens: true,
      tokenWindowMinutes: 120,
      serveAcknowledged: false,
    });
    const sbx = loadConfig({ MAILBOX_COMPAT: "sandbox", MAILBOX_SINGLE_USE_TOKENS: "1" });
    expect(sbx).toMatchObject({ singleUseTokens: true, tokenWindowMinutes: 0, serveAcknowledged: true, adminEnabled: true });
    expect([real.richInboxDetails, sbx.richInboxDetails]).toEqual([true, false]);
    expect(real).toMatchObject({ adminEnabled: false, quotaBytes: 10 * 1024 ** 3, maxChunks: 1000 });
    expect(loadConfig({ MAILBOX_ADMIN: "1", MAILBOX_ADMIN_HOSTS: "Mailbox, mesh.test " })).toMatchObject({
      adminEnabled: true,
      adminHosts: ["mailbox", "mesh.test"],
    });
    expect(loadConfig({ MAILBOX_COMPAT: "sandbox", MAILBOX_ADMIN: "0" }).adminEnabled).toBe(false);
    expect(() => loadConfig({ MAILBOX_PORT: "x" })).toThrow(/MAILBOX_PORT/);
    expect(() => loadConfig({ MAILBOX_TLS_CERT: "a" })).toThrow(/TLS/);
  });

  it("describes the demo mailboxes with their credentials", () => {
    const text = describeDemoMailboxes("http://127.0.0.1:8700");
    expect(text).toContain("X26ABC1");
    expect(text).toContain("riverside-mesh-pw");
    expect(text).toContain("TestKey");
  });
});
