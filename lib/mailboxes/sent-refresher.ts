import "server-only";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db";
import { getSentMessage, updateSentStatus } from "@/lib/db/queries/sent";
import { claimCheckNow, claimDueChecks, rescheduleCheck, type ClaimedCheck } from "@/lib/db/queries/sent-tracking";
import { env } from "@/lib/env";
import type { TrackingV1 } from "@/lib/mesh";
import { isMeshError } from "@/lib/mesh/errors";
import { log } from "@/lib/logging/log";
import { errorFields } from "@/lib/logging/logger";
import type { MailboxAccess } from "./access";
import { normaliseMessageId } from "./download";
import { meshForMailbox } from "./mesh";
import { nextCheckAt, parseSchedule } from "./sent-schedule";

/*
 * The one server-side refresher of sent messages' statuses (ADR 0014). Open pages read the index;
 * only this asks MESH, for messages not final, spaced out per message and bounded per mailbox.
 */

/** A claim outlives a slow MESH call; a process that died mid-check frees its messages after it. */
const CLAIM_MS = 2 * 60_000;
/** Claims per tick across mailboxes, and MESH calls in flight at once. */
const TICK_LIMIT = 200;
const CONCURRENCY = 4;
/** "Check now" asks MESH about one message at most this often. */
export const CHECK_NOW_GAP_MS = 60_000;

const routingSchema = z.object({
  redirectedTo: z.string().min(1).optional().catch(undefined),
  copies: z
    .array(z.object({ messageId: z.string().min(1), recipient: z.string().min(1) }))
    .optional()
    .catch(undefined),
});

function settings() {
  const e = env();
  return {
    steps: parseSchedule(e.SENT_TRACKING_SCHEDULE) as number[],
    tickMs: e.SENT_TRACKING_TICK_SECONDS * 1000,
    perMailboxPerMinute: e.SENT_TRACKING_PER_MAILBOX_PER_MINUTE,
  };
}

/** When the refresher first asks MESH about a message just sent: the schedule's first offset. */
export function firstSentCheckAt(sentAt: Date): Date {
  return nextCheckAt(sentAt, 0, sentAt, settings().steps);
}

export type CheckOutcome = "waiting" | "changed" | "failed";

/** Asks MESH about one claimed message and writes what it learnt; the claim is released either way. */
async function checkClaimed(db: Db, check: ClaimedCheck, now: Date, steps: readonly number[]): Promise<CheckOutcome> {
  const { mailboxId, messageId } = check;
  const reschedule = (failed: boolean, tracking?: TrackingV1) =>
    rescheduleCheck(db, {
      mailboxId,
      messageId,
      nextCheckAt: nextCheckAt(check.sentAt, check.checkCount, now, steps),
      expiresAt: tracking?.expiryTime ?? null,
      routing: tracking ? routingOf(tracking) : undefined,
      failed,
      now,
    });
  let tracking: TrackingV1;
  try {
    // v1 carries the acknowledgement time and, from services/mailbox, the redirect and CC copies.
    tracking = await (await meshForMailbox(mailboxId)).trackV1(messageId);
  } catch (error) {
    log.warn({ ...errorFields(error), mailboxId, messageId, notFound: isMeshError(error, "not-found") }, "sent message check failed");
    await reschedule(true);
    return "failed";
  }
  const outcome = await applyTracking(db, mailboxId, messageId, tracking, now);
  if (outcome === "waiting") await reschedule(false, tracking);
  log.info({ mailboxId, messageId, status: tracking.status, outcome }, "sent message checked");
  return outcome;
}

function routingOf(tracking: TrackingV1) {
  const parsed = routingSchema.safeParse(tracking);
  const routing = parsed.success ? parsed.data : {};
  return routing.redirectedTo || routing.copies?.length ? routing : undefined;
}

async function applyTracking(db: Db, mailboxId: string, messageId: string, tracking: TrackingV1, now: Date): Promise<CheckOutcome> {
  const base = { mailboxId, messageId, expiresAt: tracking.expiryTime ?? null, routing: routingOf(tracking) };
  switch (tracking.status) {
    case "acknowledged":
      await updateSentStatus(db, { ...base, status: "acknowledged", at: tracking.downloadTimestamp ?? tracking.statusTimestamp ?? now });
      return "changed";
    case "undeliverable":
    case "error":
      await updateSentStatus(db, {
        ...base,
        status: tracking.status,
        at: tracking.statusTimestamp ?? now,
        statusCode: tracking.statusCode ?? (tracking.status === "undeliverable" ? "14" : null),
        ndrDescription: tracking.statusDescription ?? null,
      });
      return "changed";
    default:
      // accepted, uploading, or a state this version does not know: ask again later.
      return "waiting";
  }
}

/** One round: claim what is due (within the bounds) and check it. */
export async function refreshDueOnce(now = new Date()): Promise<{ claimed: number; outcomes: CheckOutcome[] }> {
  const { steps, perMailboxPerMinute } = settings();
  const db = await getDb();
  const claimed = await claimDueChecks(db, { now, perMailboxPerMinute, limit: TICK_LIMIT, claimMs: CLAIM_MS });
  const outcomes: CheckOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) outcomes.push(await checkClaimed(db, claimed[next++] as ClaimedCheck, now, steps));
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
  log.debug({ claimed: claimed.length }, "sent status refresher round");
  return { claimed: claimed.length, outcomes };
}

const holder = globalThis as unknown as { __mailroomSentRefresher?: NodeJS.Timeout };

/** Starts the refresher's loop in this web process (from instrumentation.ts); safe to call twice. */
export function startSentRefresher() {
  if (holder.__mailroomSentRefresher) return;
  const { tickMs } = settings();
  let running = false;
  holder.__mailroomSentRefresher = setInterval(() => {
    if (running) return;
    running = true;
    refreshDueOnce()
      .catch((error: unknown) => log.error(errorFields(error), "sent status refresher round failed"))
      .finally(() => {
        running = false;
      });
  }, tickMs);
  // The loop must not keep a stopping server alive.
  holder.__mailroomSentRefresher.unref();
  log.info({ tickMs }, "sent status refresher started");
}

export type CheckNowResult = "checked" | "too-soon" | "final";

/**
 * "Check now" on a sent message page: one MESH call for this message, at most once a minute, and
 * none for a final one. The caller has already found the message in this mailbox's index.
 */
export async function checkSentNow(access: MailboxAccess, rawMessageId: string): Promise<CheckNowResult | "not-found"> {
  const messageId = normaliseMessageId(rawMessageId);
  const db = await getDb();
  const mailboxId = access.mailbox.mailboxId;
  const sent = messageId ? await getSentMessage(db, mailboxId, messageId) : null;
  if (!sent || !messageId) return "not-found";
  if (sent.status !== "accepted") return "final";
  const now = new Date();
  const claim = await claimCheckNow(db, mailboxId, messageId, now, CHECK_NOW_GAP_MS, CLAIM_MS);
  if (!claim) return "too-soon";
  // A check on request keeps the message's place in the schedule (its count moved on by one).
  await checkClaimed(db, { mailboxId, messageId, sentAt: claim.sentAt, checkCount: claim.checkCount }, now, settings().steps);
  return "checked";
}
