import type { MailboxPerson } from "@/lib/mailboxes/people";

/** A pre-granted person has no name until their first sign-in: their CIS2 user ID stands in. */
export function personName(person: { name: string | null; personId: string }): string {
  return person.name || `CIS2 user ${person.personId}`;
}

const DAY = 86_400_000;

/** No sign-in for 90 days: the access review asks about them. */
export function longUnused(person: Pick<MailboxPerson, "lastSignInAt">, now: Date = new Date()): boolean {
  return person.lastSignInAt !== null && now.getTime() - person.lastSignInAt.getTime() > 90 * DAY;
}
