import "server-only";
import type { User } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listGrantsForPerson, type GrantWithMailbox } from "@/lib/db/queries/directory";
import { countUnopened } from "@/lib/db/queries/inbox";

export type MailboxListing = GrantWithMailbox;

/** The mailboxes a signed-in person was granted, for the mailbox list. */
export async function mailboxesOf(user: User): Promise<MailboxListing[]> {
  return listGrantsForPerson(await getDb(), user.id);
}

/** The same, each with its unopened count from the inbox index (no call to MESH), for the switcher. */
export async function mailboxesWithUnopenedCounts(user: User): Promise<Array<MailboxListing & { unopened: number }>> {
  const db = await getDb();
  const grants = await listGrantsForPerson(db, user.id);
  return Promise.all(grants.map(async (grant) => ({ ...grant, unopened: await countUnopened(db, grant.mailboxId) })));
}
