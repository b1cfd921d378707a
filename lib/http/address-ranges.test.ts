import { describe, expect, it } from "vitest";
import { clientAddressFrom, parseAddressRanges, plainAddress } from "./address-ranges";

const ranges = (list: string) => {
  const parsed = parseAddressRanges(list);
  if (!parsed) throw new Error(`not ranges: ${list}`);
  return parsed;
};

describe("parseAddressRanges", () => {
  it("accepts addresses and CIDR ranges of both families", () => {
    const hscn = ranges("10.0.0.0/8, 192.0.2.7,2001:db8::/32");
    expect(hscn.has("10.200.3.4")).toBe(true);
    expect(hscn.has("192.0.2.7")).toBe(true);
    expect(hscn.has("192.0.2.8")).toBe(false);
    expect(hscn.has("2001:db8::1")).toBe(true);
    expect(hscn.has("::ffff:10.1.1.1")).toBe(true);
    expect(hscn.has("not an address")).toBe(false);
  });

  it("is empty for an empty list", () => {
    expect(ranges("").size).toBe(0);
    expect(ranges("").has("127.0.0.1")).toBe(false);
  });

  it("refuses anything that is not an address or range", () => {
    for (const bad of ["10.0.0.0/33", "example.org", "10.0.0.0/8/1", "10.0.0.0/x", "::1/129"]) {
      expect(parseAddressRanges(bad), bad).toBeNull();
    }
  });
});

describe("clientAddressFrom", () => {
  const none = ranges("");
  const proxies = ranges("192.0.2.10, 192.0.2.11");

  it("takes the nearest hop when no proxy is trusted", () => {
    expect(clientAddressFrom("10.1.1.1, 203.0.113.5", none)).toBe("203.0.113.5");
    expect(clientAddressFrom("127.0.0.1", none)).toBe("127.0.0.1");
  });

  it("believes hops further left only through trusted proxies", () => {
    expect(clientAddressFrom("10.1.1.1, 192.0.2.11, 192.0.2.10", proxies)).toBe("10.1.1.1");
    expect(clientAddressFrom("10.1.1.1, 203.0.113.5, 192.0.2.10", proxies)).toBe("203.0.113.5");
  });

  it("stops at a malformed hop and knows nothing without a header", () => {
    expect(clientAddressFrom("junk, 192.0.2.10", proxies)).toBe("192.0.2.10");
    expect(clientAddressFrom(null, proxies)).toBeNull();
    expect(clientAddressFrom("", none)).toBeNull();
  });

  it("reads IPv4-mapped IPv6 addresses as IPv4", () => {
    expect(plainAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(plainAddress("[2001:db8::1]")).toBe("2001:db8::1");
  });
});
