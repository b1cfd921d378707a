import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import type { InboxMessage } from "@/lib/db/queries/inbox";
import { isMeshError } from "@/lib/mesh/errors";
import { requireMailbox, type MailboxAccess } from "./access";
import { normaliseMessageId } from "./download";
import { requireIndexedMessage } from "./inbox-sync";

export type MessageLookup = { found: true; message: InboxMessage } | { found: false; reason: "malformed-id" | "not-in-mailbox" };

/**
 * The received message a path's id names in this mailbox's index: the one lookup behind the message
 * page, the preview page and the content routes. An id from another mailbox is simply not found.
 */
export async function findMessage(access: MailboxAccess, rawMessageId: string): Promise<MessageLookup> {
  const messageId = normaliseMessageId(rawMessageId);
  if (!messageId) return { found: false, reason: "malformed-id" };
  try {
    return { found: true, message: await requireIndexedMessage(access, messageId) };
  } catch (error) {
    if (isMeshError(error, "not-found")) return { found: false, reason: "not-in-mailbox" };
    throw error;
  }
}

/** For pages: the checked mailbox and the message, or the ordinary 404 page. Cached per request (metadata and body). */
export const loadMessage = cache(async (rawMailboxId: string, rawMessageId: string) => {
  const access = await requireMailbox(rawMailboxId);
  const lookup = await findMessage(access, rawMessageId);
  if (!lookup.found) notFound();
  return { access, message: lookup.message };
});
