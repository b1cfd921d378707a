import "server-only";
import { requestIp } from "@/lib/auth/request-ip";
import { env, maxUploadBytes, type Env } from "@/lib/env";
import { parseAddressRanges, type AddressRanges } from "@/lib/http/address-ranges";

export type UploadLimit = { network: Env["MESH_NETWORK"]; clientAddress: string | null; limitBytes: number };

let hscnRanges: AddressRanges | undefined;

/** The network a client address is on: HSCN when it is in a configured range, else the deployment's default. */
export function networkOf(clientAddress: string | null, hscn: AddressRanges, fallback: Env["MESH_NETWORK"]): Env["MESH_NETWORK"] {
  if (hscn.size === 0 || !clientAddress) return fallback;
  return hscn.has(clientAddress) ? "hscn" : "internet";
}

/**
 * The largest file this request may send. `next start` writes the socket's address into
 * `X-Forwarded-For` when the request has none; hops further left count only through TRUSTED_PROXIES
 * (docs/sending.md explains what that does and does not prove).
 */
export async function uploadLimitForRequest(): Promise<UploadLimit> {
  const settings = env();
  // lib/env.ts has already checked that the list parses.
  hscnRanges ??= parseAddressRanges(settings.HSCN_ADDRESS_RANGES)!;
  const clientAddress = await requestIp();
  const network = networkOf(clientAddress, hscnRanges, settings.MESH_NETWORK);
  return { network, clientAddress, limitBytes: maxUploadBytes(network, settings) };
}
