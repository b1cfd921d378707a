import { headers } from "next/headers";
import { env } from "@/lib/env";
import { clientAddressFrom, parseAddressRanges, type AddressRanges } from "@/lib/http/address-ranges";
import { PEER_ADDRESS_HEADER, forwardedChain } from "@/lib/http/peer-address";

let trusted: AddressRanges | undefined;

/** TRUSTED_PROXIES, parsed once (lib/env.ts has already checked that the list parses). */
export function trustedProxies(): AddressRanges {
  trusted ??= parseAddressRanges(env().TRUSTED_PROXIES)!;
  return trusted;
}

/**
 * The caller's address, for the audit log and the send limit: the socket's own address, stamped by
 * the web process (lib/http/peer-address.ts); an X-Forwarded-For hop is believed only when every hop
 * to its right is a trusted proxy (docs/sending.md), so a client cannot name its own address.
 */
export async function requestIp(): Promise<string | null> {
  let chain: string | null;
  try {
    const given = await headers();
    chain = forwardedChain(given.get("x-forwarded-for"), given.get(PEER_ADDRESS_HEADER));
  } catch {
    return null; // outside a request
  }
  return clientAddressFrom(chain, trustedProxies());
}
