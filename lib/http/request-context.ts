import "server-only";
import { headers } from "next/headers";
import { requestIp } from "@/lib/auth/request-ip";
import { MAILROOM_REQUEST_ID, newRequestId, validRequestId } from "./request-id";

const madeHere = new WeakMap<object, string>();

/**
 * This request's id: the one proxy.ts put on it, or (for routes the proxy does not run on) one made
 * now and kept for the rest of the request. Logged by the web app and the mailbox server, and stored
 * in audit rows.
 */
export async function requestId(): Promise<string | null> {
  let list: Headers;
  try {
    list = await headers();
  } catch {
    return null; // outside a request (start-up, a background job)
  }
  const given = validRequestId(list.get(MAILROOM_REQUEST_ID));
  if (given) return given;
  let made = madeHere.get(list);
  if (!made) madeHere.set(list, (made = newRequestId()));
  return made;
}

/** Who and which request, for an audit entry. */
export async function requestContext(): Promise<{ ip: string | null; requestId: string | null }> {
  const [ip, id] = await Promise.all([requestIp(), requestId()]);
  return { ip, requestId: id };
}
