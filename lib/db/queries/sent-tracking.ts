import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../index";
import { sentMessages } from "../schema";
import type { SentMessage } from "./sent";

/** pg_advisory_xact_lock key of the refresher's claim step: one web process claims at a time. */
export const SENT_TRACKING_LOCK = 7_415_001;

export type ClaimOptions = {
  now: Date;
  /** Checks per mailbox in any minute, counting those claimed in the last minute by any process. */
  perMailboxPerMinute: number;
  /** At most this many claims in one call, across mailboxes. */
  limit: number;
  /** How long a claim keeps other processes off the message if this one dies mid-check. */
  claimMs: number;
};

export type ClaimedCheck = Pick<SentMessage, "mailboxId" | "messageId" | "sentAt" | "checkCount">;

type Rows<T> = { rows: T[] };

/**
 * Claims the messages due a check, within the per-mailbox bound, for this process alone: under a
 * transaction-scoped advisory lock, so two web processes never claim the same message, and
 * `last_checked_at` is set at claim time, so the bound holds across processes. Returns [] when
 * another process holds the lock (it is claiming right now; the next tick tries again).
 */
export async function claimDueChecks(db: Db, { now, perMailboxPerMinute, limit, claimMs }: ClaimOptions): Promise<ClaimedCheck[]> {
  const nowText = now.toISOString();
  const until = new Date(now.getTime() + claimMs).toISOString();
  return db.transaction(async (tx) => {
    const lock = (await tx.execute(sql`select pg_try_advisory_xact_lock(${SENT_TRACKING_LOCK}) as ok`)) as unknown as Rows<{ ok: boolean }>;
    if (!lock.rows[0]?.ok) return [];
    const claimed = (await tx.execute(sql`
      with recent as (
        select mailbox_id, count(*)::int as n from sent_messages
        where last_checked_at > ${nowText}::timestamptz - interval '1 minute'
        group by mailbox_id
      ), due as (
        select s.mailbox_id, s.message_id, s.next_check_at,
          row_number() over (partition by s.mailbox_id order by s.next_check_at, s.message_id) as rn,
          coalesce(r.n, 0) as recent
        from sent_messages s left join recent r on r.mailbox_id = s.mailbox_id
        where s.status = 'accepted' and s.next_check_at <= ${nowText}::timestamptz
          and (s.claimed_until is null or s.claimed_until < ${nowText}::timestamptz)
      ), chosen as (
        select mailbox_id, message_id from due
        where rn <= ${perMailboxPerMinute} - recent
        order by next_check_at limit ${limit}
      )
      update sent_messages t
      set claimed_until = ${until}::timestamptz, last_checked_at = ${nowText}::timestamptz, check_count = t.check_count + 1
      from chosen where t.mailbox_id = chosen.mailbox_id and t.message_id = chosen.message_id
      returning t.mailbox_id, t.message_id, t.sent_at, t.check_count
    `)) as unknown as Rows<{ mailbox_id: string; message_id: string; sent_at: string | Date; check_count: number }>;
    return claimed.rows.map((row) => ({
      mailboxId: row.mailbox_id,
      messageId: row.message_id,
      sentAt: new Date(row.sent_at),
      checkCount: Number(row.check_count),
    }));
  });
}

/**
 * Claims one message for "Check now", unless it was checked in the last `minGapMs` or is final.
 * Returns whether this call may ask MESH.
 */
export async function claimCheckNow(db: Db, mailboxId: string, messageId: string, now: Date, minGapMs: number, claimMs: number) {
  const rows = await db
    .update(sentMessages)
    .set({ lastCheckedAt: now, claimedUntil: new Date(now.getTime() + claimMs), checkCount: sql`${sentMessages.checkCount} + 1` })
    .where(
      and(
        eq(sentMessages.mailboxId, mailboxId),
        eq(sentMessages.messageId, messageId),
        eq(sentMessages.status, "accepted"),
        or(isNull(sentMessages.lastCheckedAt), lt(sentMessages.lastCheckedAt, new Date(now.getTime() - minGapMs))),
        or(isNull(sentMessages.claimedUntil), lt(sentMessages.claimedUntil, now)),
      ),
    )
    .returning({ checkCount: sentMessages.checkCount, sentAt: sentMessages.sentAt });
  return rows[0] ?? null;
}

/** After a check that found the message still waiting: when to ask again, and what MESH said of its expiry. */
export async function rescheduleCheck(
  db: Db,
  update: {
    mailboxId: string;
    messageId: string;
    nextCheckAt: Date;
    expiresAt?: Date | null;
    routing?: SentMessage["routing"];
    failed: boolean;
    now: Date;
  },
) {
  await db
    .update(sentMessages)
    .set({
      nextCheckAt: update.nextCheckAt,
      claimedUntil: null,
      checkFailedAt: update.failed ? update.now : null,
      ...(update.expiresAt ? { expiresAt: update.expiresAt } : {}),
    })
    .where(
      and(eq(sentMessages.mailboxId, update.mailboxId), eq(sentMessages.messageId, update.messageId), eq(sentMessages.status, "accepted")),
    );
}

/**
 * A non-delivery report about a message this mailbox sent: marks it undeliverable (or failed) and
 * links the report, whether the status was still 'accepted' or tracking had already made it final
 * without knowing the report. Returns whether a sent message was found to link.
 */
export async function linkReport(
  db: Db,
  report: {
    mailboxId: string;
    messageId: string;
    reportId: string;
    status: "undeliverable" | "error";
    code: string | null;
    description: string | null;
    at: Date;
  },
): Promise<boolean> {
  const rows = await db
    .update(sentMessages)
    .set({
      status: sql`case when ${sentMessages.status} = 'accepted' then ${report.status} else ${sentMessages.status} end`,
      statusUpdatedAt: sql`case when ${sentMessages.status} = 'accepted' then ${report.at.toISOString()}::timestamptz else ${sentMessages.statusUpdatedAt} end`,
      ndrMessageId: report.reportId,
      ndrDescription: sql`coalesce(${sentMessages.ndrDescription}, ${report.description})`,
      statusCode: sql`coalesce(${sentMessages.statusCode}, ${report.code})`,
      nextCheckAt: null,
      claimedUntil: null,
    })
    .where(
      and(
        eq(sentMessages.mailboxId, report.mailboxId),
        eq(sentMessages.messageId, report.messageId),
        or(eq(sentMessages.status, "accepted"), eq(sentMessages.status, "undeliverable"), eq(sentMessages.status, "error")),
        isNull(sentMessages.ndrMessageId),
      ),
    )
    .returning({ messageId: sentMessages.messageId });
  return rows.length > 0;
}

/** Statuses of the given sent messages, for the live refresh of an open page (the index only, never MESH). */
export async function sentStatuses(db: Db, mailboxId: string, messageIds: string[]): Promise<SentMessage[]> {
  if (messageIds.length === 0) return [];
  return db
    .select()
    .from(sentMessages)
    .where(and(eq(sentMessages.mailboxId, mailboxId), inArray(sentMessages.messageId, messageIds)));
}
