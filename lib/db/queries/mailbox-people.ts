import { and, asc, desc, eq, inArray, max, notExists, or, sql } from "drizzle-orm";
import type { Db } from "../index";
import { auditLog, grants, mailboxes, people, sessions, type GrantRole } from "../schema";

export type MailboxPerson = {
  personId: string;
  name: string;
  email: string | null;
  role: GrantRole;
  grantedBy: string;
  grantedByName: string | null;
  grantedAt: Date;
  /** Null: pre-granted, the person has not signed in to Mailroom yet. */
  lastSignInAt: Date | null;
  /** The last request of any of their sessions. */
  lastActivityAt: Date | null;
};

/** Everyone granted a mailbox, admins first, then by name. */
export async function listMailboxPeople(db: Db, mailboxId: string): Promise<MailboxPerson[]> {
  const granter = db.$with("granter").as(db.select({ id: people.id, name: people.name }).from(people));
  const activity = db
    .select({ personId: sessions.personId, last: max(sessions.lastSeenAt).as("last") })
    .from(sessions)
    .groupBy(sessions.personId)
    .as("activity");
  const rows = await db
    .with(granter)
    .select({
      personId: grants.personId,
      name: people.name,
      email: people.email,
      role: grants.role,
      grantedBy: grants.grantedBy,
      grantedByName: granter.name,
      grantedAt: grants.grantedAt,
      lastSignInAt: people.lastSignInAt,
      lastActivityAt: activity.last,
    })
    .from(grants)
    .innerJoin(people, eq(people.id, grants.personId))
    .leftJoin(granter, eq(granter.id, grants.grantedBy))
    .leftJoin(activity, eq(activity.personId, grants.personId))
    .where(eq(grants.mailboxId, mailboxId))
    .orderBy(asc(grants.role), asc(people.name), asc(grants.personId));
  return rows.map((row) => ({ ...row, lastActivityAt: row.lastActivityAt ? new Date(row.lastActivityAt) : null }));
}

export type DirectoryPerson = { personId: string; name: string; email: string | null };

/**
 * The organisation's directory, less those already granted this mailbox: people who hold a grant on one
 * of its mailboxes or whose sign-in carried a role there.
 */
export async function directoryCandidates(db: Db, odsCode: string, mailboxId: string): Promise<DirectoryPerson[]> {
  const orgMailboxes = db.select({ id: mailboxes.mailboxId }).from(mailboxes).where(eq(mailboxes.odsCode, odsCode));
  const inOrganisation = or(
    inArray(people.id, db.select({ id: grants.personId }).from(grants).where(inArray(grants.mailboxId, orgMailboxes))),
    inArray(
      people.id,
      db
        .select({ id: sessions.personId })
        .from(sessions)
        .where(sql`${odsCode} = any(${sessions.orgCodes})`),
    ),
  );
  const notGranted = notExists(
    db
      .select({ one: sql`1` })
      .from(grants)
      .where(and(eq(grants.personId, people.id), eq(grants.mailboxId, mailboxId))),
  );
  return db
    .select({ personId: people.id, name: people.name, email: people.email })
    .from(people)
    .where(and(inOrganisation, notGranted))
    .orderBy(asc(people.name), asc(people.id));
}

export type GrantChange = { ok: true; previousRole: GrantRole | null } | { ok: false; reason: "last-admin" | "no-grant" };

/**
 * Sets or removes one grant, refusing to leave the mailbox without an admin. The mailbox's admin grants
 * are locked first, so two admins demoting each other at once cannot both succeed.
 */
export async function changeGrant(
  db: Db,
  change: { mailboxId: string; personId: string; role: GrantRole | null; by: string },
  now: Date = new Date(),
): Promise<GrantChange> {
  return db.transaction(async (tx) => {
    const admins = await tx
      .select({ personId: grants.personId })
      .from(grants)
      .where(and(eq(grants.mailboxId, change.mailboxId), eq(grants.role, "admin")))
      .for("update");
    const [current] = await tx
      .select({ role: grants.role })
      .from(grants)
      .where(and(eq(grants.mailboxId, change.mailboxId), eq(grants.personId, change.personId)))
      .for("update");
    const previousRole = current?.role ?? null;
    if (change.role === null && !current) return { ok: false, reason: "no-grant" } as const;
    const losesAdmin = previousRole === "admin" && change.role !== "admin";
    if (losesAdmin && admins.length <= 1) return { ok: false, reason: "last-admin" } as const;
    if (change.role === null) {
      await tx.delete(grants).where(and(eq(grants.mailboxId, change.mailboxId), eq(grants.personId, change.personId)));
    } else if (current) {
      await tx
        .update(grants)
        .set({ role: change.role })
        .where(and(eq(grants.mailboxId, change.mailboxId), eq(grants.personId, change.personId)));
    } else {
      // A first grant to someone Mailroom has not seen: a row without a name until their first sign-in.
      await tx.insert(people).values({ id: change.personId, name: "" }).onConflictDoNothing();
      await tx.insert(grants).values({ ...change, role: change.role, grantedBy: change.by, grantedAt: now });
    }
    return { ok: true, previousRole } as const;
  });
}

/** Whether the person's most recent grant event on this mailbox was a removal (for the plain message). */
export async function lastGrantEventWasRemoval(db: Db, personId: string, mailboxId: string): Promise<boolean> {
  const [row] = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.mailboxId, mailboxId),
        inArray(auditLog.action, ["access-granted", "access-removed"]),
        sql`${auditLog.detail}->>'personId' = ${personId}`,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row?.action === "access-removed";
}
