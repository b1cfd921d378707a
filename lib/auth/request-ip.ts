import { headers } from "next/headers";
import { env } from "@/lib/env";
import { clientAddressFrom, parseAddressRanges, type AddressRanges } from "@/lib/http/address-ranges";

let trusted: AddressRanges | undefined;

/** TRUSTED_PROXIES, parsed once (lib/env.ts has already checked that the list parses). */
export function trustedProxies(): AddressRanges {
  trusted ??= parseAddressRanges(env().TRUSTED_PROXIES)!;
  return trusted;
}

/**
 * The caller's address, for the audit log and the send limit. `next start` puts the socket's address
 * in X-Forwarded-For when the request has none; a hop further left is believed only through a
 * trusted proxy (docs/sending.md), so a client cannot name its own address.
 */
export async function requestIp(): Promise<string | null> {
  let forwardedFor: string | null;
  try {
    forwardedFor = (await headers()).get("x-forwarded-for");
  } catch {
    return null; // outside a request
  }
  return clientAddressFrom(forwardedFor, trustedProxies());
}
