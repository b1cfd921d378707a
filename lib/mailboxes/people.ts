import "server-only";
import { audit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { findGrant, findPerson } from "@/lib/db/queries/directory";
import {
  changeGrant,
  directoryCandidates,
  listMailboxPeople,
  type DirectoryPerson,
  type MailboxPerson,
} from "@/lib/db/queries/mailbox-people";
import { GRANT_ROLES, type GrantRole } from "@/lib/db/schema";
import type { AdminAccess } from "./admin-access";

export type { DirectoryPerson, MailboxPerson };
export { GRANT_ROLES, type GrantRole };

/** A CIS2 user ID (UUID) is 12 digits. */
export const CIS2_USER_ID = /^\d{12}$/;

export const ROLE_LABELS: Record<GrantRole, { label: string; hint: string }> = {
  member: { label: "Member", hint: "Can read, download and send the mailbox's files" },
  admin: { label: "Admin", hint: "Can also give and remove access, see the audit log and change the mailbox's settings" },
};

/** Who has access to the mailbox, for the People page. */
export async function peopleOf(access: AdminAccess): Promise<MailboxPerson[]> {
  return listMailboxPeople(await getDb(), access.mailbox.mailboxId);
}

/** People in the organisation's directory who could be given access. */
export async function grantCandidates(access: AdminAccess): Promise<DirectoryPerson[]> {
  return directoryCandidates(await getDb(), access.mailbox.odsCode, access.mailbox.mailboxId);
}

/** One person with access to this mailbox, or null: an id of someone without a grant here shows nothing. */
export async function personOnMailbox(access: AdminAccess, personId: string): Promise<MailboxPerson | null> {
  if (!CIS2_USER_ID.test(personId)) return null;
  return (await peopleOf(access)).find((p) => p.personId === personId) ?? null;
}

export type GrantAnswers = { personId: string; role: GrantRole };

export type GrantCheck =
  | { ok: true; personId: string; role: GrantRole; name: string | null; signedIn: boolean }
  | { ok: false; errors: Partial<Record<"person" | "role", string>> };

/** Checks the grant form's answers (a directory choice or a typed ID, and a role) as both pages need. */
export async function checkGrantAnswers(access: AdminAccess, raw: { chosen?: string; typed?: string; role?: string }): Promise<GrantCheck> {
  const chosen = raw.chosen?.trim() ?? "";
  const typed = (raw.typed ?? "").replace(/\s+/g, "");
  const errors: Partial<Record<"person" | "role", string>> = {};
  let personId = "";
  if (chosen && typed && chosen !== typed) errors.person = "Choose a person or enter a CIS2 user ID, not both";
  else if (!chosen && !typed) errors.person = "Choose a person or enter their CIS2 user ID";
  else if (!CIS2_USER_ID.test(chosen || typed)) errors.person = "Enter a CIS2 user ID of 12 digits, like 555000000008";
  else personId = chosen || typed;
  const role = GRANT_ROLES.find((r) => r === raw.role);
  if (!role) errors.role = "Select a role";
  const db = await getDb();
  if (personId && (await findGrant(db, personId, access.mailbox.mailboxId))) {
    errors.person = "That person already has access to this mailbox. Change their role on their page instead";
  }
  if (!role || errors.person) return { ok: false, errors };
  const person = await findPerson(db, personId);
  return { ok: true, personId, role, name: person?.name || null, signedIn: Boolean(person?.lastSignInAt) };
}

export type ChangeOutcome = { ok: true } | { ok: false; reason: "last-admin" | "no-grant" | "already-granted" | "self" };

/**
 * An admin never changes or removes their own grant: another admin does. Otherwise the one admin who
 * can use the mailbox could hand it to an admin who cannot (a pre-grant, or someone at another
 * organisation) and be locked out by their own click.
 */
async function refuseSelf(access: AdminAccess, personId: string, wanted: string): Promise<ChangeOutcome | null> {
  if (personId !== access.user.id) return null;
  await audit({
    action: "admin-change-refused",
    actor: access.user.id,
    mailboxId: access.mailbox.mailboxId,
    detail: { personId, wanted, reason: "self" },
  });
  return { ok: false, reason: "self" };
}

/** Gives a person access (a pre-grant when they have never signed in). Audited. */
export async function grantAccess(access: AdminAccess, answers: GrantAnswers): Promise<ChangeOutcome> {
  const db = await getDb();
  const mailboxId = access.mailbox.mailboxId;
  if (await findGrant(db, answers.personId, mailboxId)) return { ok: false, reason: "already-granted" };
  const before = await findPerson(db, answers.personId);
  const result = await changeGrant(db, { mailboxId, personId: answers.personId, role: answers.role, by: access.user.id });
  if (!result.ok) return result;
  await audit({
    action: "access-granted",
    actor: access.user.id,
    mailboxId,
    detail: { personId: answers.personId, role: answers.role, preGranted: !before?.lastSignInAt },
  });
  return { ok: true };
}

/** Changes the role of someone who has access; refuses to demote the last admin. Audited either way. */
export async function changeRole(access: AdminAccess, personId: string, role: GrantRole): Promise<ChangeOutcome> {
  const db = await getDb();
  const mailboxId = access.mailbox.mailboxId;
  if (!(await findGrant(db, personId, mailboxId))) return { ok: false, reason: "no-grant" };
  const self = await refuseSelf(access, personId, role);
  if (self) return self;
  const result = await changeGrant(db, { mailboxId, personId, role, by: access.user.id });
  if (!result.ok) {
    await audit({
      action: "admin-change-refused",
      actor: access.user.id,
      mailboxId,
      detail: { personId, wanted: role, reason: result.reason },
    });
    return result;
  }
  if (result.previousRole !== role) {
    await audit({
      action: "role-changed",
      actor: access.user.id,
      mailboxId,
      detail: { personId, role, previousRole: result.previousRole },
    });
  }
  return { ok: true };
}

/** Removes someone's access; refuses to remove the last admin. Takes effect on their next request. */
export async function removeAccess(access: AdminAccess, personId: string): Promise<ChangeOutcome> {
  const db = await getDb();
  const mailboxId = access.mailbox.mailboxId;
  const self = await refuseSelf(access, personId, "removed");
  if (self) return self;
  const result = await changeGrant(db, { mailboxId, personId, role: null, by: access.user.id });
  if (!result.ok) {
    if (result.reason === "last-admin") {
      await audit({
        action: "admin-change-refused",
        actor: access.user.id,
        mailboxId,
        detail: { personId, wanted: "removed", reason: result.reason },
      });
    }
    return result;
  }
  await audit({ action: "access-removed", actor: access.user.id, mailboxId, detail: { personId, previousRole: result.previousRole } });
  return { ok: true };
}
