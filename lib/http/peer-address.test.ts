import { describe, expect, it } from "vitest";
import { forwardedChain } from "./peer-address";

describe("the forwarded chain", () => {
  it("ends with the socket's real address, whatever the client wrote", () => {
    expect(forwardedChain("203.0.113.9", "127.0.0.1")).toBe("203.0.113.9, 127.0.0.1");
    expect(forwardedChain(null, "127.0.0.1")).toBe("127.0.0.1");
    expect(forwardedChain("10.0.0.1", null)).toBe("10.0.0.1");
  });
});
