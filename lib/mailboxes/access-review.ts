import "server-only";
import { audit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { lastAccessReview, recordAccessReview, type AccessReview, type ReviewOutcomeEntry } from "@/lib/db/queries/access-reviews";
import type { GrantRole, ReviewOutcome } from "@/lib/db/schema";
import type { AdminAccess } from "./admin-access";
import { changeRole, peopleOf, removeAccess } from "./people";

export type { AccessReview };

const DAY = 86_400_000;
export const REVIEW_DUE_DAYS = 90;

/** The last review and whether one is due (never reviewed, or more than 90 days ago). */
export async function reviewStatus(access: AdminAccess, now: Date = new Date()): Promise<{ last: AccessReview | null; due: boolean }> {
  const last = await lastAccessReview(await getDb(), access.mailbox.mailboxId);
  return { last, due: !last || now.getTime() - last.reviewedAt.getTime() > REVIEW_DUE_DAYS * DAY };
}

/** A decision for one person: keep, switch to the other role, or remove. */
export type ReviewDecision = "keep" | "switch" | "remove";

export type ReviewResult = { ok: true; outcomes: ReviewOutcomeEntry[] } | { ok: false; reason: "no-admin-left" | "incomplete" };

/**
 * Applies the admin's decisions for everyone who has access now, then records the review with each
 * person's outcome. Refused before changing anything when it would leave the mailbox without an admin.
 */
export async function recordReview(access: AdminAccess, decisions: ReadonlyMap<string, ReviewDecision>): Promise<ReviewResult> {
  const everyone = await peopleOf(access);
  if (everyone.some((p) => !decisions.has(p.personId))) return { ok: false, reason: "incomplete" };
  const roleAfter = (role: GrantRole, decision: ReviewDecision): GrantRole | null =>
    decision === "remove" ? null : decision === "switch" ? (role === "admin" ? "member" : "admin") : role;
  if (!everyone.some((p) => roleAfter(p.role, decisions.get(p.personId)!) === "admin")) return { ok: false, reason: "no-admin-left" };
  // Promotions first, so a demotion never meets a momentary last admin.
  const ordered = [...everyone].sort(
    (a, b) =>
      Number(roleAfter(b.role, decisions.get(b.personId)!) === "admin") - Number(roleAfter(a.role, decisions.get(a.personId)!) === "admin"),
  );
  const outcomes: ReviewOutcomeEntry[] = [];
  for (const person of ordered) {
    const decision = decisions.get(person.personId)!;
    const after = roleAfter(person.role, decision);
    let outcome: ReviewOutcome = "kept";
    if (after === null) outcome = (await removeAccess(access, person.personId)).ok ? "removed" : "kept";
    else if (after !== person.role) outcome = (await changeRole(access, person.personId, after)).ok ? "role-changed" : "kept";
    outcomes.push({ personId: person.personId, name: person.name, outcome, role: after ?? person.role });
  }
  await recordAccessReview(await getDb(), { mailboxId: access.mailbox.mailboxId, reviewedBy: access.user.id, outcomes });
  await audit({
    action: "access-review-recorded",
    actor: access.user.id,
    mailboxId: access.mailbox.mailboxId,
    detail: {
      kept: outcomes.filter((o) => o.outcome === "kept").length,
      changed: outcomes.filter((o) => o.outcome === "role-changed").length,
      removed: outcomes.filter((o) => o.outcome === "removed").length,
    },
  });
  return { ok: true, outcomes };
}
