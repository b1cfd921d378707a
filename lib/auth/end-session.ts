import "server-only";
import { audit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { revokeSession } from "@/lib/db/queries/sessions";
import { getSessionId } from "./session-token";

/** Revokes the server-side session this browser's cookie names and audits the sign-out; every sign-out path runs it. */
export async function endMailroomSession(personId: string | null): Promise<void> {
  const sessionId = await getSessionId();
  if (sessionId) await revokeSession(await getDb(), sessionId);
  if (personId) await audit({ action: "sign-out", actor: personId });
}
