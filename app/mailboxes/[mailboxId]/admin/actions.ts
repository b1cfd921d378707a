"use server";

import { redirect } from "next/navigation";
import { recordReview, type ReviewDecision } from "@/lib/mailboxes/access-review";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { CIS2_USER_ID, changeRole, GRANT_ROLES, grantAccess, removeAccess } from "@/lib/mailboxes/people";
import { routes } from "@/lib/routes";

// Every action takes the mailbox id the page bound and checks the admin grant on it again; the person
// id comes from the form body and is only acted on through that mailbox's grants.

function personIdFrom(form: FormData): string | null {
  const value = String(form.get("personId") ?? "");
  return CIS2_USER_ID.test(value) ? value : null;
}

function roleFrom(form: FormData) {
  return GRANT_ROLES.find((role) => role === form.get("role")) ?? null;
}

export async function grantAccessAction(mailboxId: string, form: FormData): Promise<void> {
  const access = await requireMailboxAdmin(mailboxId);
  const id = access.mailbox.mailboxId;
  const personId = personIdFrom(form);
  const role = roleFrom(form);
  if (!personId || !role) redirect(routes.adminGrant(id, { typed: personId ?? undefined, role: role ?? undefined, check: 1 }));
  const outcome = await grantAccess(access, { personId, role });
  if (!outcome.ok) redirect(routes.adminGrant(id, { typed: personId, role, check: 1 }));
  redirect(routes.adminPeople(id, { done: "granted", who: personId }));
}

export async function changeRoleAction(mailboxId: string, form: FormData): Promise<void> {
  const access = await requireMailboxAdmin(mailboxId);
  const id = access.mailbox.mailboxId;
  const personId = personIdFrom(form);
  if (!personId) redirect(routes.adminPeople(id));
  const role = roleFrom(form);
  if (!role) redirect(routes.adminPerson(id, personId, { error: "role" }));
  const outcome = await changeRole(access, personId, role);
  if (!outcome.ok)
    redirect(outcome.reason === "no-grant" ? routes.adminPeople(id) : routes.adminPerson(id, personId, { error: outcome.reason }));
  redirect(routes.adminPeople(id, { done: "changed", who: personId }));
}

export async function removeAccessAction(mailboxId: string, form: FormData): Promise<void> {
  const access = await requireMailboxAdmin(mailboxId);
  const id = access.mailbox.mailboxId;
  const personId = personIdFrom(form);
  if (!personId) redirect(routes.adminPeople(id));
  const outcome = await removeAccess(access, personId);
  if (!outcome.ok)
    redirect(outcome.reason === "no-grant" ? routes.adminPeople(id) : routes.adminPerson(id, personId, { error: outcome.reason }));
  redirect(routes.adminPeople(id, { done: "removed", who: personId }));
}

export async function recordReviewAction(mailboxId: string, form: FormData): Promise<void> {
  const access = await requireMailboxAdmin(mailboxId);
  const id = access.mailbox.mailboxId;
  const decisions = new Map<string, ReviewDecision>();
  for (const [key, value] of form.entries()) {
    const personId = /^decision-(\d{12})$/.exec(key)?.[1];
    if (personId && (value === "keep" || value === "switch" || value === "remove")) decisions.set(personId, value);
  }
  const result = await recordReview(access, decisions);
  redirect(result.ok ? routes.adminReview(id, { done: 1 }) : routes.adminReview(id, { error: result.reason }));
}
