import { describe, expect, it } from "vitest";
import { chooseRequestId, validRequestId } from "./request-id";

describe("request ids", () => {
  it("keeps a trusted proxy's id and replaces anything else", () => {
    const incoming = new Headers({ "x-request-id": "from-the-client-1", "x-trace": "proxy-id-123" });
    expect(chooseRequestId(incoming, "x-trace")).toBe("proxy-id-123");
    expect(chooseRequestId(new Headers({ "x-trace": "bad id\n" }), "x-trace")).toMatch(/^[0-9a-f-]{36}$/);
    const made = chooseRequestId(incoming, undefined);
    expect(made).not.toBe("from-the-client-1");
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a value that could break a log line or a header", () => {
    for (const bad of ["short", "a\nb-injected", "x".repeat(129), "with space in it", ""]) expect(validRequestId(bad), bad).toBeNull();
    expect(validRequestId("0b5f6c1e-9a3d-4c1e-8f00-123456789abc")).toBe("0b5f6c1e-9a3d-4c1e-8f00-123456789abc");
  });
});
