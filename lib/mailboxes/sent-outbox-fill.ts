import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { findSentIds, recordSentOutside } from "@/lib/db/queries/sent";
import type { MeshClient, RichMessage } from "@/lib/mesh";
import { log } from "@/lib/logging/log";
import { errorFields } from "@/lib/logging/logger";
import type { MailboxAccess } from "./access";
import { meshFor } from "./mesh";
import { newOutboxRows, outsideSentRow } from "./sent-outside-row";
import { firstSentCheckAt } from "./sent-refresher";

/*
 * Fills the sent index with messages the mailbox sent from other systems, from the rich outbox where
 * the server offers it (ADR 0021). NHS MESH has no outbox list and answers 404: then nothing is filled.
 */

/** The rich outbox gives at most 100 rows a page. */
const PAGE = 100;
/** Pages read in one fill, newest first; the fill stops earlier at a page with nothing new. */
const MAX_PAGES = 5;
/** New messages described (one tracking call each) in one fill; the rest wait for the next. */
const TRACK_BUDGET = 25;
const CONCURRENCY = 4;

export type FillResult = { offered: boolean; added: number; at: Date };

type FillState = { running?: Promise<FillResult>; lastAt?: number; last?: FillResult | { failed: unknown } };
const state = new Map<string, FillState>();

/**
 * Brings messages this mailbox sent outside Mailroom into the sent index, at most once a minute (by
 * default) per mailbox and web process; concurrent callers share one fill, and a caller within the
 * interval gets the last one's result (or its error again). Each new message is described by one
 * tracking call and recorded with no Mailroom person; one already in the index is left alone.
 */
export async function fillSentFromOutbox(access: MailboxAccess): Promise<FillResult> {
  const mailboxId = access.mailbox.mailboxId;
  const entry = state.get(mailboxId) ?? {};
  state.set(mailboxId, entry);
  if (entry.running) return entry.running;
  const everyMs = env().SENT_OUTBOX_FILL_SECONDS * 1000;
  if (entry.last && entry.lastAt && Date.now() - entry.lastAt < everyMs) {
    if ("failed" in entry.last) throw entry.last.failed;
    return entry.last;
  }
  // The interval counts from the start, so a failing MESH is not asked again at once either.
  entry.lastAt = Date.now();
  entry.running = meshFor(access)
    .then((mesh) => fill(mailboxId, mesh))
    .then(
      (result) => {
        entry.last = result;
        return result;
      },
      (error: unknown) => {
        entry.last = { failed: error };
        throw error;
      },
    )
    .finally(() => {
      entry.running = undefined;
    });
  return entry.running;
}

async function fill(mailboxId: string, mesh: MeshClient): Promise<FillResult> {
  const db = await getDb();
  const at = new Date();
  const page = await mesh.richOutboxPage({ maxResults: PAGE });
  if (!page) return { offered: false, added: 0, at };
  const wanted = await newOutboxRows(mailboxId, page, {
    nextPage: (next) => mesh.richOutboxPage({ next }),
    known: (ids) => findSentIds(db, mailboxId, ids),
    maxPages: MAX_PAGES,
    wanted: TRACK_BUDGET,
  });
  let added = 0;
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const row = wanted[next++] as RichMessage;
      try {
        const tracking = await mesh.trackV1(row.messageId);
        const record = outsideSentRow(mailboxId, row, tracking, new Date(), firstSentCheckAt);
        if (record && (await recordSentOutside(db, record))) added++;
      } catch (error) {
        // One message MESH cannot describe must not keep the rest out; the next fill asks again.
        log.warn({ ...errorFields(error), mailboxId, messageId: row.messageId }, "outbox fill skipped a message it could not track");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, wanted.length) }, worker));
  log.info({ mailboxId, found: wanted.length, added }, "sent index filled from the rich outbox");
  return { offered: true, added, at };
}

/** How long a page waits for a fill before it renders from the index (the fill carries on). */
const PAGE_WAIT_MS = 3_000;

/**
 * For the Sent page and the export: a fill if one is due, waited for a moment at most. "failed" when
 * MESH could not be asked (logged), so the page can say the list may lack messages sent elsewhere.
 */
export async function fillBeforeListing(access: MailboxAccess): Promise<"done" | "failed" | "still-running"> {
  const mailboxId = access.mailbox.mailboxId;
  const filled = fillSentFromOutbox(access).then(
    () => "done" as const,
    (error: unknown) => {
      log.warn({ ...errorFields(error), mailboxId }, "could not read the rich outbox");
      return "failed" as const;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<"still-running">((resolve) => {
    timer = setTimeout(() => resolve("still-running"), PAGE_WAIT_MS);
  });
  try {
    return await Promise.race([filled, waited]);
  } finally {
    clearTimeout(timer);
  }
}
