import "server-only";
import { headers } from "next/headers";
import { env, maxUploadBytes, type Env } from "@/lib/env";
import { clientAddressFrom, parseAddressRanges, type AddressRanges } from "@/lib/http/address-ranges";

export type UploadLimit = { network: Env["MESH_NETWORK"]; clientAddress: string | null; limitBytes: number };

let parsed: { hscn: AddressRanges; proxies: AddressRanges } | undefined;

function configuredRanges() {
  const settings = env();
  // lib/env.ts has already checked that both lists parse.
  parsed ??= { hscn: parseAddressRanges(settings.HSCN_ADDRESS_RANGES)!, proxies: parseAddressRanges(settings.TRUSTED_PROXIES)! };
  return parsed;
}

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
  const { hscn, proxies } = configuredRanges();
  const clientAddress = clientAddressFrom((await headers()).get("x-forwarded-for"), proxies);
  const network = networkOf(clientAddress, hscn, settings.MESH_NETWORK);
  return { network, clientAddress, limitBytes: maxUploadBytes(network, settings) };
}
