import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/lib/format";
import { senderText } from "@/lib/mailboxes/mesh-header-text";
import { loadSentMessage } from "@/lib/mailboxes/sent-message";
import { formatBytes } from "@/lib/mailboxes/send-answers";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "File sent" };

type Props = { params: Promise<{ mailboxId: string; messageId: string }> };

/** After a send: the MESH message ID and what happens next. Reloading it sends nothing again. */
export default async function SentConfirmationPage({ params }: Props) {
  const { mailboxId, messageId } = await params;
  const { access, sent } = await loadSentMessage(mailboxId, messageId);
  const recipient = sent.recipientName ? `${sent.recipientName} (${sent.recipientMailboxId})` : sent.recipientMailboxId;
  const fileName = senderText(sent.fileName);
  return (
    <div className="tablet:w-2/3">
      <div className="nhsuk-panel">
        <h1 className="nhsuk-panel__title">File sent</h1>
        <div className="nhsuk-panel__body">
          MESH message ID
          <br />
          <code className="nhsuk-u-font-weight-bold break-all">{sent.messageId}</code>
        </div>
      </div>
      <p className="wrap-anywhere">
        {fileName ? `“${fileName}” (${formatBytes(sent.sizeBytes ?? 0)})` : "Your file"} was sent to {recipient} with the workflow{" "}
        <code>{senderText(sent.workflowId)}</code> on {formatDateTime(sent.sentAt)}.
      </p>
      <h2 className="nhsuk-heading-m">What happens next</h2>
      <p>
        The file waits in the recipient&apos;s MESH inbox for up to 5 days. When they collect it and mark it as received, MESH tells this
        mailbox. If nobody collects it in 5 days, you get a delivery report in your inbox saying it was not delivered.
      </p>
      <p>Quote the MESH message ID if you need to ask the recipient or the MESH service desk about this file.</p>
      <p>
        <Link href={routes.sentMessage(access.mailbox.mailboxId, sent.messageId)}>Follow this file&apos;s status in Sent</Link>
      </p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        <li>
          <Link href={routes.sendFile(access.mailbox.mailboxId)}>Send another file</Link>
        </li>
        <li>
          <Link href={routes.inbox(access.mailbox.mailboxId)}>Go to the inbox</Link>
        </li>
        <li>
          <Link href={routes.sent(access.mailbox.mailboxId)}>See everything this mailbox sent</Link>
        </li>
      </ul>
    </div>
  );
}
