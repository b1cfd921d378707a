import "server-only";
import { audit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { getInboxMessages, markAcknowledged } from "@/lib/db/queries/inbox";
import { requestContext } from "@/lib/http/request-context";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";
import { isMeshError } from "@/lib/mesh/errors";
import type { MailboxAccess } from "./access";
import { invalidateInboxSync } from "./inbox-sync";
import { meshFor } from "./mesh";

export type AcknowledgeOutcome = { acknowledged: string[]; alreadyGone: string[]; failed: string[] };

/**
 * Tells MESH these messages were received, one by one, then records it. Only ids indexed for this
 * mailbox are considered, so an id from another mailbox in the form is ignored. A message MESH no
 * longer has (acknowledged elsewhere, expired) counts as gone, not as a failure.
 */
export async function acknowledgeMessages(access: MailboxAccess, messageIds: readonly string[]): Promise<AcknowledgeOutcome> {
  const db = await getDb();
  const mailboxId = access.mailbox.mailboxId;
  const known = await getInboxMessages(db, mailboxId, [...new Set(messageIds)].slice(0, 500));
  const mesh = await meshFor(access);
  const context = await requestContext();
  const outcome: AcknowledgeOutcome = { acknowledged: [], alreadyGone: [], failed: [] };
  for (const message of known) {
    if (message.acknowledgedAt) {
      outcome.acknowledged.push(message.messageId);
      continue;
    }
    try {
      await mesh.acknowledge(message.messageId);
    } catch (error) {
      if (isMeshError(error, "not-found") || isMeshError(error, "gone")) {
        outcome.alreadyGone.push(message.messageId);
        continue;
      }
      log.warn({ ...errorFields(error), mailboxId, messageId: message.messageId, requestId: context.requestId }, "acknowledgement failed");
      outcome.failed.push(message.messageId);
      continue;
    }
    await markAcknowledged(db, mailboxId, message.messageId);
    await audit({ action: "acknowledge", actor: access.user.id, mailboxId, messageId: message.messageId }, context);
    outcome.acknowledged.push(message.messageId);
  }
  invalidateInboxSync(mailboxId);
  return outcome;
}
