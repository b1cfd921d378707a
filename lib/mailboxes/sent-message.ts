import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getSentMessage, type SentMessage } from "@/lib/db/queries/sent";
import { requireMailbox, type MailboxAccess } from "./access";
import { normaliseMessageId } from "./download";

export type { SentMessage };

/** A message this mailbox sent, from the sent index; null for an id it did not send. */
export async function findSentMessage(access: MailboxAccess, rawMessageId: string): Promise<SentMessage | null> {
  const messageId = normaliseMessageId(rawMessageId);
  return messageId ? getSentMessage(await getDb(), access.mailbox.mailboxId, messageId) : null;
}

/** For pages: the checked mailbox and the sent message, or the ordinary 404 page. */
export async function loadSentMessage(rawMailboxId: string, rawMessageId: string): Promise<{ access: MailboxAccess; sent: SentMessage }> {
  const access = await requireMailbox(rawMailboxId);
  const sent = await findSentMessage(access, rawMessageId);
  if (!sent) notFound();
  return { access, sent };
}
