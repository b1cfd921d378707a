import "server-only";
import { getDb } from "@/lib/db";
import { listSendingIntents, touchSendIntent } from "@/lib/db/queries/send-intents";
import { sentRowNames } from "@/lib/db/queries/sent";
import { log } from "@/lib/logging/log";
import { errorFields } from "@/lib/logging/logger";
import type { MailboxAccess } from "./access";
import type { StoredAnswers } from "./send-intents";
import { describeSentStatus, whoSent, type SentStatusView } from "./sent-status";

/*
 * Sends in progress, shown as "Sending" on the Sent page from their send intent until MESH accepts
 * the file (then the sent index has the message) or the upload fails or is cancelled (the intent is
 * released, and the row goes). The uploading process marks the intent alive every few seconds; an
 * intent whose mark is older than SENDING_GONE_AFTER_MS belongs to a process that died mid-upload and
 * is not shown (docs/sent.md).
 */

export const SENDING_ALIVE_EVERY_MS = 10_000;
export const SENDING_GONE_AFTER_MS = 60_000;

/** Marks the claimed send alive until the returned function is called (when the send ends, however). */
export function keepSendAlive(keyHash: string, mailboxId: string): () => void {
  const timer = setInterval(() => {
    void getDb()
      .then((db) => touchSendIntent(db, keyHash, new Date()))
      .catch((error: unknown) => log.warn({ ...errorFields(error), mailboxId }, "could not mark a send in progress as alive"));
  }, SENDING_ALIVE_EVERY_MS);
  // An upload in flight must not keep a stopping server alive.
  timer.unref();
  return () => clearInterval(timer);
}

export type SendingRow = {
  /** Not the send key: only a short piece of its hash, to tell rows apart. */
  rowKey: string;
  startedAt: Date;
  sentByLabel: string;
  fileName: string | null;
  subject: string | null;
  localId: string | null;
  workflowId: string;
  recipientMailboxId: string;
  recipientName: string | null;
  recipientOrganisation: string | null;
  sizeBytes: number | null;
  view: SentStatusView;
};

/** The mailbox's sends being uploaded now, the latest started first. */
export async function listSendingNow(access: MailboxAccess, now = new Date()): Promise<SendingRow[]> {
  const db = await getDb();
  const intents = await listSendingIntents(db, access.mailbox.mailboxId, new Date(now.getTime() - SENDING_GONE_AFTER_MS));
  const facts = intents.map((intent) => {
    const answers = intent.answers as Partial<StoredAnswers>;
    return { intent, answers, sentBy: intent.personId, recipientMailboxId: String(answers.recipient ?? "").toUpperCase() };
  });
  const names = await sentRowNames(db, facts);
  return facts.map(({ intent, answers, sentBy, recipientMailboxId }) => ({
    rowKey: intent.keyHash.slice(0, 16),
    startedAt: intent.updatedAt,
    sentByLabel: whoSent(sentBy, names.senderName.get(sentBy)),
    fileName: answers.fileName ?? null,
    subject: answers.subject ?? null,
    localId: answers.localId ?? null,
    workflowId: answers.workflowId ?? "",
    recipientMailboxId,
    recipientName: answers.recipientName ?? null,
    recipientOrganisation: names.recipientOrganisation.get(recipientMailboxId) ?? null,
    sizeBytes: answers.size ?? null,
    view: describeSentStatus({ status: "uploading", sentAt: intent.updatedAt, statusUpdatedAt: intent.updatedAt }),
  }));
}
