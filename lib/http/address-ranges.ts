import { BlockList, isIP } from "node:net";

/** A set of IPv4 and IPv6 addresses and CIDR ranges that answers "is this address in it?". */
export type AddressRanges = { has(address: string): boolean; readonly size: number };

/** `10.0.0.0/8, 192.0.2.1, 2001:db8::/32` → ranges; null when any entry is not an address or range. */
export function parseAddressRanges(list: string): AddressRanges | null {
  const blocks = new BlockList();
  const entries = list
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return null;
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      blocks.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return null;
    blocks.addSubnet(address, bits, type);
  }
  return {
    size: entries.length,
    has(candidate: string) {
      const address = plainAddress(candidate);
      const family = address ? isIP(address) : 0;
      if (!address || family === 0) return false;
      return blocks.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** An IPv4 address as Node reports it on a dual-stack socket (`::ffff:127.0.0.1`) becomes plain IPv4. */
export function plainAddress(value: string): string | null {
  const trimmed = value.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1];
  const address = mapped ?? trimmed;
  return isIP(address) ? address : null;
}

/**
 * The client's address from an `X-Forwarded-For` chain. The rightmost hop is the nearest peer; a
 * hop is believed to have come from further left only when the hop that reported it is a trusted
 * proxy. Null when the chain holds no address.
 */
export function clientAddressFrom(forwardedFor: string | null, trustedProxies: AddressRanges): string | null {
  const hops = (forwardedFor ?? "").split(",").map((hop) => plainAddress(hop));
  let client: string | null = null;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? null;
    if (!hop) return client; // a malformed hop: nothing further left can be believed
    client = hop;
    if (!trustedProxies.has(hop)) return client;
  }
  return client;
}
