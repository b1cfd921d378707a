import type { Ctx } from "./context";
import { MeshError } from "./errors";
import { header } from "./http-util";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];
const ANY_ADDRESS = ["0.0.0.0", "::"];

/** The host name of a Host header (`[::1]:8700` → `::1`), lower case; null when absent or unreadable. */
export function hostName(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(`http://${value.trim()}`).hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  } catch {
    return null;
  }
}

/**
 * The admin API has no authentication, so it answers only requests addressed to this server by a name it
 * owns: a web page that rebinds its own domain to 127.0.0.1 still sends its domain in Host, and is refused.
 */
export function checkAdminHost(ctx: Ctx): void {
  const { host, adminHosts } = ctx.app.config;
  const allowed = new Set([...LOOPBACK_NAMES, ...adminHosts]);
  if (!ANY_ADDRESS.includes(host)) allowed.add(host.toLowerCase());
  const name = hostName(header(ctx.req, "host"));
  if (!name || !allowed.has(name)) throw new MeshError(403, "Admin requests must be addressed to this server's own host name");
}

/** A body given to the admin API must say it is JSON: a cross-site form cannot, without asking first. */
export function checkJsonBody(ctx: Ctx): void {
  const type = (header(ctx.req, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new MeshError(415, "Admin request bodies must be application/json");
}
