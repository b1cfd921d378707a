import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, originOf } from "./headers";

describe("contentSecurityPolicy", () => {
  it("allows scripts only by nonce and forbids framing, plugins and base changes", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", dev: false, formTargets: ["http://127.0.0.1:3100"] });
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src"));
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:3100");
  });

  it("adds eval only in development", () => {
    expect(contentSecurityPolicy({ nonce: "n", dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "n", dev: false })).not.toContain("'unsafe-eval'");
  });
});

describe("newNonce", () => {
  it("is different every time", () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});

describe("originOf", () => {
  it("keeps only the origin and ignores rubbish", () => {
    expect(originOf("https://cis2.example/realms/x?y=1")).toEqual(["https://cis2.example"]);
    expect(originOf("not a url")).toEqual([]);
    expect(originOf(undefined)).toEqual([]);
  });
});
