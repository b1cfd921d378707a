import "server-only";
import { getDb } from "@/lib/db";
import { countUnopened } from "@/lib/db/queries/inbox";

/** Unopened messages per mailbox, from the inbox index (no call to MESH). */
export async function countUnopenedByMailbox(mailboxIds: readonly string[]): Promise<Map<string, number>> {
  const db = await getDb();
  const entries = await Promise.all(mailboxIds.map(async (id) => [id, await countUnopened(db, id)] as const));
  return new Map(entries);
}
