import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../index";
import { sendIntents } from "../schema";

export type SendIntent = typeof sendIntents.$inferSelect;

export async function createSendIntent(
  db: Db,
  input: { keyHash: string; mailboxId: string; personId: string; answers: Record<string, unknown>; expiresAt: Date },
): Promise<void> {
  // Expired keys are cleared as new ones are made, so the table stays small without a job.
  await db.delete(sendIntents).where(lt(sendIntents.expiresAt, sql`now() - interval '1 day'`));
  await db.insert(sendIntents).values(input);
}

export async function findSendIntent(db: Db, keyHash: string): Promise<SendIntent | null> {
  const [row] = await db.select().from(sendIntents).where(eq(sendIntents.keyHash, keyHash));
  return row ?? null;
}

/**
 * Moves an issued, unexpired key of this person and mailbox to `sending`, atomically: of two requests
 * with the same key, one gets the row and the other null.
 */
export async function claimSendIntent(db: Db, keyHash: string, mailboxId: string, personId: string, now: Date): Promise<SendIntent | null> {
  const [row] = await db
    .update(sendIntents)
    .set({ state: "sending", updatedAt: now, aliveAt: now })
    .where(
      and(
        eq(sendIntents.keyHash, keyHash),
        eq(sendIntents.mailboxId, mailboxId),
        eq(sendIntents.personId, personId),
        eq(sendIntents.state, "issued"),
        gt(sendIntents.expiresAt, now),
      ),
    )
    .returning();
  return row ?? null;
}

/** A send that reached MESH: the key now only ever answers with this result. */
export async function completeSendIntent(db: Db, keyHash: string, result: Record<string, unknown>): Promise<void> {
  await db.update(sendIntents).set({ state: "sent", result, updatedAt: new Date() }).where(eq(sendIntents.keyHash, keyHash));
}

/** A send that left nothing in MESH: the key may be used again (a retry after a lost connection). */
export async function releaseSendIntent(db: Db, keyHash: string): Promise<void> {
  await db
    .update(sendIntents)
    .set({ state: "issued", updatedAt: new Date() })
    .where(and(eq(sendIntents.keyHash, keyHash), eq(sendIntents.state, "sending")));
}

/** The uploading process is still at it: a send whose mark grows old is no longer shown as Sending. */
export async function touchSendIntent(db: Db, keyHash: string, now: Date): Promise<void> {
  await db
    .update(sendIntents)
    .set({ aliveAt: now })
    .where(and(eq(sendIntents.keyHash, keyHash), eq(sendIntents.state, "sending")));
}

/** The mailbox's sends being uploaded now (marked alive since `aliveSince`), the latest started first. */
export async function listSendingIntents(db: Db, mailboxId: string, aliveSince: Date, limit = 50): Promise<SendIntent[]> {
  return db
    .select()
    .from(sendIntents)
    .where(and(eq(sendIntents.mailboxId, mailboxId), eq(sendIntents.state, "sending"), gt(sendIntents.aliveAt, aliveSince)))
    .orderBy(desc(sendIntents.updatedAt))
    .limit(limit);
}
