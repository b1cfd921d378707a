import "server-only";
import type { Db } from "@/lib/db";
import type { InboxMessageInput } from "@/lib/db/queries/inbox";
import { linkReport } from "@/lib/db/queries/sent-tracking";
import { log } from "@/lib/logging/log";

/**
 * Reports the inbox sync has just indexed update the messages they are about at once (by the linked
 * message id), so the Sent page says "Not delivered" without waiting for the refresher. A report
 * about a message Mailroom did not send changes nothing here; its own page still explains it.
 */
export async function linkReportsToSent(db: Db, mailboxId: string, rows: readonly InboxMessageInput[]): Promise<number> {
  let linked = 0;
  for (const row of rows) {
    if (row.messageType !== "REPORT" || !row.linkedMessageId || row.statusCode === "00") continue;
    const found = await linkReport(db, {
      mailboxId,
      messageId: row.linkedMessageId.toUpperCase(),
      reportId: row.messageId,
      // 14 is "not collected within 5 days"; any other code is a failure MESH reports.
      status: !row.statusCode || row.statusCode === "14" ? "undeliverable" : "error",
      code: row.statusCode ?? null,
      description: row.statusDescription ?? null,
      at: row.receivedAt,
    });
    if (found) {
      linked++;
      log.info({ mailboxId, messageId: row.linkedMessageId, reportId: row.messageId }, "report linked to the sent message it is about");
    }
  }
  return linked;
}
