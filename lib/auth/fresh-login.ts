import "server-only";
import { getDb } from "@/lib/db";
import { sessionEndedAt } from "@/lib/db/queries/sessions";
import { env } from "@/lib/env";
import { getSessionId } from "./session-token";

/*
 * After a timeout or a revoked session, whoever sits at the computer must prove who they are again:
 * the provider's own session outlives Mailroom's, and would otherwise sign the last person straight back in.
 */

/** Authorization parameters that make the provider show its login form whatever session it holds. */
export const FRESH_LOGIN_PARAMS = { prompt: "login", max_age: "0" } as const;

/** Clocks of the provider and Mailroom may differ by this much. */
const CLOCK_SKEW_MS = 60_000;

/** When the Mailroom session named by this browser's cookie ended, or null while it lasts (or there is none). */
export async function endedSessionTime(): Promise<Date | null> {
  const sessionId = await getSessionId();
  if (!sessionId) return null;
  return sessionEndedAt(await getDb(), sessionId, new Date(), env().SESSION_IDLE_MINUTES * 60_000);
}

/** Null when the ID token's `auth_time` shows a login after `endedAt`; otherwise what is wrong. */
export function staleLoginProblem(idTokenClaims: Record<string, unknown>, endedAt: Date): string | null {
  const authTime = idTokenClaims.auth_time;
  if (typeof authTime !== "number") return "the ID token has no auth_time after a fresh login was asked for";
  if (authTime * 1000 < endedAt.getTime() - CLOCK_SKEW_MS) return "the provider reused a login from before the session ended";
  return null;
}
