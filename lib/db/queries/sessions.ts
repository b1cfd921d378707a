import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../index";
import { sessions } from "../schema";

export type Session = typeof sessions.$inferSelect;

/**
 * Starts a server-side session. The id is 32 random bytes (base64url): it is the bearer secret
 * the cookie carries, so it must be unguessable.
 */
export async function createSession(
  db: Db,
  input: { personId: string; absoluteMs: number; idpSid?: string | null; orgCodes?: readonly string[]; now?: Date },
): Promise<Session> {
  const now = input.now ?? new Date();
  const [row] = await db
    .insert(sessions)
    .values({
      id: randomBytes(32).toString("base64url"),
      personId: input.personId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + input.absoluteMs),
      idpSid: input.idpSid ?? null,
      orgCodes: [...(input.orgCodes ?? [])],
    })
    .returning();
  if (!row) throw new Error("Could not create a session");
  return row;
}

export type TouchResult =
  | { status: "valid"; session: Session }
  | { status: "expired"; reason: "idle" | "absolute" }
  | { status: "revoked" }
  | { status: "unknown" };

/**
 * Checks a session on a request and, if it is still good and `touch` is true (the default), records
 * the activity. One conditional UPDATE does both, so a revocation by another process takes effect on
 * the very next request. `touch: false` checks without extending the idle timeout (background polling).
 */
export async function touchSession(
  db: Db,
  id: string,
  now: Date,
  idleMs: number,
  { touch = true }: { touch?: boolean } = {},
): Promise<TouchResult> {
  const idleCutoff = new Date(now.getTime() - idleMs);
  if (touch) {
    const [session] = await db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleCutoff)))
      .returning();
    if (session) return { status: "valid", session };
  }

  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  if (!row) return { status: "unknown" };
  if (row.revokedAt) return { status: "revoked" };
  if (row.expiresAt <= now) return { status: "expired", reason: "absolute" };
  if (row.lastSeenAt <= idleCutoff) return { status: "expired", reason: "idle" };
  return { status: "valid", session: row };
}

/** When the session ended (revoked, or timed out by `now`), or null while it lasts or if there is none. */
export async function sessionEndedAt(db: Db, id: string, now: Date, idleMs: number): Promise<Date | null> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  if (!row) return null;
  if (row.revokedAt) return row.revokedAt;
  const idleEnd = new Date(row.lastSeenAt.getTime() + idleMs);
  const end = idleEnd < row.expiresAt ? idleEnd : row.expiresAt;
  return end <= now ? end : null;
}

/** Sets revoked_at on the live sessions `which` picks; returns how many it ended. */
async function revokeWhere(db: Db, which: SQL, now: Date): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(which, isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Ends one session (sign-out). Returns whether a live session was revoked. */
export async function revokeSession(db: Db, id: string, now: Date = new Date()): Promise<boolean> {
  return (await revokeWhere(db, eq(sessions.id, id), now)) > 0;
}

/** Back-channel logout: ends every session started with this IdP `sid`. Returns how many. */
export async function revokeByIdpSid(db: Db, idpSid: string, now: Date = new Date()): Promise<number> {
  return revokeWhere(db, eq(sessions.idpSid, idpSid), now);
}

/** Ends all of a person's sessions (for example when their access is removed). Returns how many. */
export async function revokeAllForPerson(db: Db, personId: string, now: Date = new Date()): Promise<number> {
  return revokeWhere(db, eq(sessions.personId, personId), now);
}

/** Deletes sessions that ended before `before`; housekeeping, so the table does not grow forever. */
export async function deleteEndedSessions(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(sql`coalesce(${sessions.revokedAt}, ${sessions.expiresAt}) < ${before}`)
    .returning({ id: sessions.id });
  return rows.length;
}
