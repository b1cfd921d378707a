import "server-only";
import { getDb } from "@/lib/db";
import { findMailbox } from "@/lib/db/queries/directory";
import { getSentMessage } from "@/lib/db/queries/sent";
import type { MailboxAccess } from "./access";
import { meshFor } from "./mesh";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";

export type OriginalMessage = {
  messageId: string;
  fileName: string | null;
  recipientMailboxId: string | null;
  recipientName: string | null;
  /** True when the original is in Mailroom's sent index, so its page can be linked. */
  inSentIndex: boolean;
};

/**
 * What a report is about, for plain words: the message this mailbox sent, from Mailroom's index of
 * sent messages, or else from MESH tracking (this mailbox was its sender, so it may track it).
 */
export async function describeOriginal(access: MailboxAccess, linkedMessageId: string): Promise<OriginalMessage | null> {
  const db = await getDb();
  const sent = await getSentMessage(db, access.mailbox.mailboxId, linkedMessageId);
  let original: OriginalMessage | null = sent
    ? {
        messageId: sent.messageId,
        fileName: sent.fileName ?? sent.subject,
        recipientMailboxId: sent.recipientMailboxId,
        recipientName: sent.recipientName,
        inSentIndex: true,
      }
    : null;
  if (!original) {
    const tracking = await (await meshFor(access)).track(linkedMessageId).catch((error: unknown) => {
      log.info({ ...errorFields(error), mailboxId: access.mailbox.mailboxId, linkedMessageId }, "tracking the original of a report failed");
      return null;
    });
    if (tracking) {
      original = {
        messageId: tracking.messageId,
        fileName: tracking.fileName ?? null,
        recipientMailboxId: tracking.recipient?.toUpperCase() ?? null,
        recipientName: tracking.recipientOrgName ?? tracking.recipientName ?? null,
        inSentIndex: false,
      };
    }
  }
  if (original?.recipientMailboxId) {
    const known = await findMailbox(db, original.recipientMailboxId);
    if (known) original.recipientName = known.organisationName;
  }
  return original;
}
