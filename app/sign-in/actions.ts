"use server";

import { z } from "zod";
import { FRESH_LOGIN_PARAMS, endedSessionTime } from "@/lib/auth/fresh-login";
import { PROVIDER_ID, signIn } from "@/lib/auth/next-auth";
import { safeReturnPath } from "@/lib/auth/return-to";

const reasonSchema = z.enum(["idle", "absolute", "revoked"]).optional().catch(undefined);

/**
 * "Sign in with NHS Care Identity": where to return and why the last session ended come from the
 * form's own fields, checked again here, since anyone can post to an action.
 */
export async function startSignIn(form: unknown): Promise<void> {
  const field = (name: string) => (form instanceof FormData && typeof form.get(name) === "string" ? (form.get(name) as string) : undefined);
  const destination = safeReturnPath(field("returnTo"));
  const reason = reasonSchema.parse(field("reason"));
  const fresh = reason !== undefined || (await endedSessionTime()) !== null;
  await signIn(PROVIDER_ID, { redirectTo: destination }, fresh ? FRESH_LOGIN_PARAMS : undefined);
}
