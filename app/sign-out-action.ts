"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/next-auth";
import { endSessionUrl } from "@/lib/auth/provider-metadata";
import { requestIp } from "@/lib/auth/request-ip";
import { getUser } from "@/lib/auth/session";
import { getIdToken, getSessionId } from "@/lib/auth/session-token";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/db/queries/audit";
import { revokeSession } from "@/lib/db/queries/sessions";

/** Ends the Mailroom session (server record and cookie), then the identity provider's session. */
export async function signOutAction() {
  const [sessionId, idToken, user] = await Promise.all([getSessionId(), getIdToken(), getUser()]);
  const db = await getDb();
  if (sessionId) await revokeSession(db, sessionId);
  if (user) await recordAudit(db, { action: "sign-out", actor: user.id, ip: await requestIp() });
  await signOut({ redirect: false });
  // Ending the provider's session too, so the next person at a shared computer must sign in afresh.
  redirect(((await endSessionUrl(idToken)) ?? "/signed-out") as never);
}
