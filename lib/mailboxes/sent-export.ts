import "server-only";
import { csvRow } from "@/lib/csv/safe-cell";
import { log } from "@/lib/logging/log";
import { errorFields } from "@/lib/logging/logger";
import type { MailboxAccess } from "./access";
import { exportSentRows, type SentPageQuery } from "./sent";

export const SENT_EXPORT_HEADER = [
  "Sent at (UTC)",
  "File name",
  "Subject",
  "Local ID",
  "Workflow ID",
  "Recipient mailbox ID",
  "Recipient name",
  "Recipient organisation",
  "Size (bytes)",
  "Sent by",
  "Status",
  "Status detail",
  "Status changed at (UTC)",
  "Message ID",
  "Non-delivery report ID",
];

/**
 * The filtered Sent list as a CSV byte stream, one database batch at a time, so a large export
 * never sits whole in memory. Every cell goes through csvSafeCell (OWASP CSV injection).
 */
export function sentExportStream(access: MailboxAccess, query: SentPageQuery): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = exportSentRows(access, query);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        // A byte-order mark, so spreadsheet programs read the file as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${csvRow(SENT_EXPORT_HEADER)}`));
        return;
      }
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        const lines = next.value.map((row) =>
          csvRow([
            row.sentAt.toISOString(),
            row.fileName,
            row.subject,
            row.localId,
            row.workflowId,
            row.recipientMailboxId,
            row.recipientName,
            row.recipientOrganisation,
            row.sizeBytes,
            // The person's id where their name is no longer known, so the export still says who.
            row.sentBy && !row.senderName ? row.sentBy : row.sentByLabel,
            row.view.label,
            row.view.detail,
            row.statusUpdatedAt.toISOString(),
            row.messageId,
            row.ndrMessageId,
          ]),
        );
        controller.enqueue(encoder.encode(lines.join("")));
      } catch (error) {
        log.error({ ...errorFields(error), mailboxId: access.mailbox.mailboxId }, "sent export failed part way");
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
