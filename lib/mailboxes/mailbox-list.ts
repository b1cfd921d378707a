import "server-only";
import type { User } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db";
import { listGrantsForPerson, type GrantWithMailbox } from "@/lib/db/queries/directory";
import { countUnopened } from "@/lib/db/queries/inbox";

export type MailboxListing = GrantWithMailbox;

/** The person's grants that count now: those on mailboxes of organisations where the sign-in carries a role. */
async function honouredGrants(db: Db, user: User): Promise<MailboxListing[]> {
  return (await listGrantsForPerson(db, user.id)).filter((grant) => user.orgCodes.includes(grant.odsCode));
}

/** The mailboxes a signed-in person was granted, for the mailbox list. */
export async function mailboxesOf(user: User): Promise<MailboxListing[]> {
  return honouredGrants(await getDb(), user);
}

/** The same, each with its unopened count from the inbox index (no call to MESH), for the switcher. */
export async function mailboxesWithUnopenedCounts(user: User): Promise<Array<MailboxListing & { unopened: number }>> {
  const db = await getDb();
  const grants = await honouredGrants(db, user);
  return Promise.all(grants.map(async (grant) => ({ ...grant, unopened: await countUnopened(db, grant.mailboxId) })));
}
