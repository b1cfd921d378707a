import "server-only";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/db/queries/audit";
import { revokeSession } from "@/lib/db/queries/sessions";
import { requestIp } from "./request-ip";
import { getSessionId } from "./session-token";

/** Revokes the server-side session this browser's cookie names and audits the sign-out; every sign-out path runs it. */
export async function endMailroomSession(personId: string | null): Promise<void> {
  const sessionId = await getSessionId();
  const db = await getDb();
  if (sessionId) await revokeSession(db, sessionId);
  if (personId) await recordAudit(db, { action: "sign-out", actor: personId, ip: await requestIp() });
}
