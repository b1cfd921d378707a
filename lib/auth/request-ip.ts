import { headers } from "next/headers";

/** The caller's address for the audit log: the first X-Forwarded-For hop, or the direct peer if known. */
export async function requestIp(): Promise<string | null> {
  try {
    const list = await headers();
    const forwarded = list.get("x-forwarded-for")?.split(",")[0]?.trim();
    return forwarded || list.get("x-real-ip") || null;
  } catch {
    return null; // outside a request
  }
}
