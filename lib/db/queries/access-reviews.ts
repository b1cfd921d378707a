import { desc, eq } from "drizzle-orm";
import type { Db } from "../index";
import { accessReviews, people } from "../schema";

export type AccessReview = typeof accessReviews.$inferSelect & { reviewerName: string | null };
export type ReviewOutcomeEntry = (typeof accessReviews.$inferInsert)["outcomes"][number];

/** The mailbox's most recent access review, or null if it never had one. */
export async function lastAccessReview(db: Db, mailboxId: string): Promise<AccessReview | null> {
  const [row] = await db
    .select({ review: accessReviews, reviewerName: people.name })
    .from(accessReviews)
    .leftJoin(people, eq(people.id, accessReviews.reviewedBy))
    .where(eq(accessReviews.mailboxId, mailboxId))
    .orderBy(desc(accessReviews.reviewedAt), desc(accessReviews.id))
    .limit(1);
  return row ? { ...row.review, reviewerName: row.reviewerName || null } : null;
}

export async function recordAccessReview(
  db: Db,
  review: { mailboxId: string; reviewedBy: string; outcomes: ReviewOutcomeEntry[] },
  now: Date = new Date(),
): Promise<number> {
  const [row] = await db
    .insert(accessReviews)
    .values({ ...review, reviewedAt: now })
    .returning({ id: accessReviews.id });
  if (!row) throw new Error("Could not record the access review");
  return row.id;
}
