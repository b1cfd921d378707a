import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { checkUser, requireUser, type User } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { audit } from "@/lib/audit";
import { pathText, printable } from "@/lib/http/url-text";
import { findGrant, findMailbox, type MailboxSummary } from "@/lib/db/queries/directory";
import { lastGrantEventWasRemoval } from "@/lib/db/queries/mailbox-people";
import type { GrantRole } from "@/lib/db/schema";
import { routes } from "@/lib/routes";

export type MailboxAccess = { user: User; mailbox: MailboxSummary; role: GrantRole };

/** Mailbox ids are upper-case letters and digits; anything else cannot name a mailbox. */
export function normaliseMailboxId(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const id = pathText(value)?.toUpperCase();
  return id && /^[A-Z0-9]{1,20}$/.test(id) ? id : null;
}

// `unknown`: an action's arguments are whatever the caller posted.
async function grantFor(user: User, rawMailboxId: unknown): Promise<MailboxAccess | null> {
  const mailboxId = normaliseMailboxId(rawMailboxId);
  const db = await getDb();
  const grant = mailboxId ? await findGrant(db, user.id, mailboxId) : null;
  const mailbox = grant && mailboxId ? await findMailbox(db, mailboxId) : null;
  // A grant counts only while this sign-in carries a CIS2 role at the mailbox's organisation (ADR 0016).
  const roleAtOrganisation = mailbox ? user.orgCodes.includes(mailbox.odsCode) : false;
  if (!grant || !mailbox || !roleAtOrganisation) {
    await audit({
      action: "mailbox-access-refused",
      actor: user.id,
      mailboxId: mailboxId ?? null,
      detail: { requested: printable(String(rawMailboxId)), ...(grant && mailbox ? { reason: "no-role-at-organisation" } : {}) },
    });
    return null;
  }
  return { user, mailbox, role: grant.role };
}

/**
 * The one gate for mailbox pages and actions: not signed in → sign in and come back; signed in
 * without a grant → the ordinary 404 page, with no hint that the mailbox exists. Cached per request, so
 * a page's metadata, layout and body check (and audit a refusal) once.
 */
export const requireMailbox = cache(async (mailboxId: unknown): Promise<MailboxAccess> => {
  const user = await requireUser();
  const access = await grantFor(user, mailboxId);
  if (!access) {
    // Someone whose access an admin just removed is told so plainly (they knew the mailbox), not shown a 404.
    const id = normaliseMailboxId(mailboxId);
    if (id && (await accessWasRemoved(user, id))) redirect(routes.accessRemoved(id));
    notFound();
  }
  return access;
});

/** Whether an admin removed this person's access to the mailbox (and nobody has given it back since). */
export async function accessWasRemoved(user: User, mailboxId: string): Promise<boolean> {
  return lastGrantEventWasRemoval(await getDb(), user.id, mailboxId);
}

export type ApiAccess = { ok: true; access: MailboxAccess } | { ok: false; response: Response };

/**
 * The same gate for route handlers, answering JSON: 401 when not signed in, 404 without a grant.
 * `activity: false` for background polling, which must not keep an idle session alive.
 */
export async function checkMailboxApi(mailboxId: string, { activity = true }: { activity?: boolean } = {}): Promise<ApiAccess> {
  const check = await checkUser({ activity });
  if (!check.user) {
    return {
      ok: false,
      response: Response.json(
        { error: "You need to sign in again.", reason: check.reason },
        { status: 401, headers: { "Cache-Control": "no-store" } },
      ),
    };
  }
  const access = await grantFor(check.user, mailboxId);
  if (!access) {
    return { ok: false, response: Response.json({ error: "Page not found" }, { status: 404, headers: { "Cache-Control": "no-store" } }) };
  }
  return { ok: true, access };
}
