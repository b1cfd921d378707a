import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/nhs/back-link";
import { buttonClasses } from "@/components/nhs/button";
import { InsetText } from "@/components/nhs/inset-text";
import { SummaryList } from "@/components/nhs/summary-list";
import { Tag } from "@/components/nhs/tag";
import { WarningCallout } from "@/components/nhs/warning-callout";

import { formatDateTime, formatFileSize, formatTimeLeft } from "@/lib/format";
import { CHECKSUM_MISMATCH_SENTENCE } from "@/lib/mailboxes/download";
import type { InboxMessage } from "@/lib/mailboxes/inbox";
import { loadMessage } from "@/lib/mailboxes/message";
import { senderText } from "@/lib/mailboxes/mesh-header-text";
import { NOT_PREVIEWED_REASON, previewKind } from "@/lib/mailboxes/preview";
import { describeOriginal } from "@/lib/mailboxes/reports";
import { acknowledgeAction } from "../../actions";
import { AcknowledgeMessageForm } from "./acknowledge-message-form";
import { routes } from "@/lib/routes";
import { titleOr } from "@/app/page-title";

type Props = { params: Promise<{ mailboxId: string; messageId: string }> };

const DAY_MS = 24 * 3600_000;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { mailboxId, messageId } = await params;
  return titleOr("Message", async () => titleOf((await loadMessage(mailboxId, messageId)).message));
}

function titleOf(message: InboxMessage) {
  if (message.acknowledgedAt) return "This message has been marked as received";
  if (message.goneAt) return "This message is no longer in the inbox";
  if (message.messageType === "REPORT") return "Delivery report";
  return senderText(message.fileName) || senderText(message.subject) || "File with no name";
}

export default async function MessagePage({ params }: Props) {
  const { mailboxId, messageId } = await params;
  const { access, message } = await loadMessage(mailboxId, messageId);
  const { mailbox } = access;
  const inboxHref = routes.inbox(mailbox.mailboxId);
  const fileName = senderText(message.fileName);

  if (message.acknowledgedAt || message.goneAt) {
    return (
      <div className="tablet:w-2/3">
        <BackLink href={inboxHref}>Back to inbox</BackLink>
        <h1>{titleOf(message)}</h1>
        {message.acknowledgedAt ? (
          <p>
            {fileName ? `“${fileName}”` : "This message"} was marked as received on {formatDateTime(message.acknowledgedAt)}. It has left
            the inbox and the sender can see it was received.
          </p>
        ) : (
          <p>
            {fileName ? `“${fileName}”` : "This message"} has left the inbox. Either nobody collected it within 5 days, or another system
            using this mailbox collected it.
          </p>
        )}
        <p>If you still need the file, ask the sender{message.senderOrgName ? ` (${message.senderOrgName})` : ""} to send it again.</p>
        <p>
          <Link href={inboxHref}>Go to the inbox</Link>
        </p>
      </div>
    );
  }

  const expires = message.expiresAt ?? new Date(message.receivedAt.getTime() + 5 * DAY_MS);
  const now = new Date();
  const isReport = message.messageType === "REPORT";
  const kind = isReport ? null : previewKind(message.contentType, message.fileName);
  const original = isReport && message.linkedMessageId ? await describeOriginal(access, message.linkedMessageId) : null;
  const contentHref = routes.messageContent(mailbox.mailboxId, message.messageId);
  const previewHref = routes.preview(mailbox.mailboxId, message.messageId);

  const rows = [
    {
      key: "From",
      value: isReport
        ? "MESH (the message exchange service)"
        : `${message.senderOrgName ?? "Unknown organisation"} (${senderText(message.senderMailboxId) ?? "no mailbox ID"})`,
    },
    { key: "To", value: `${mailbox.displayName} (${mailbox.mailboxId})` },
    { key: "Workflow ID", value: senderText(message.workflowId) ?? "None" },
    { key: "Subject", value: senderText(message.subject) ?? "None" },
    { key: "Local ID", value: senderText(message.localId) ?? "None" },
    ...(isReport
      ? [
          {
            key: "Report",
            value: `${senderText(message.statusDescription) ?? "No description"}${message.statusCode ? ` (code ${senderText(message.statusCode)})` : ""}`,
          },
          { key: "About message", value: senderText(message.linkedMessageId) ?? "Not known" },
        ]
      : [
          { key: "File name", value: fileName ?? "None" },
          { key: "File type", value: senderText(message.contentType) ?? "Not given" },
          { key: "Size", value: formatFileSize(message.sizeBytes) },
          {
            key: "Checksum",
            value: message.checksum ? (
              <>
                <code className="break-all">{senderText(message.checksum)}</code>
                {message.checksumOk === true && <span className="block">The last download matched it.</span>}
              </>
            ) : (
              "None given"
            ),
          },
          { key: "Parts (chunks)", value: String(message.chunkCount) },
        ]),
    { key: "Message ID", value: <code className="break-all">{message.messageId}</code> },
    { key: "Received", value: formatDateTime(message.receivedAt) },
    {
      key: "Leaves the inbox",
      value: (
        <>
          {formatDateTime(expires)}{" "}
          {expires.getTime() - now.getTime() < DAY_MS ? (
            <Tag colour="red">{formatTimeLeft(expires, now)} left</Tag>
          ) : (
            <span className="nhsuk-u-secondary-text-colour">({formatTimeLeft(expires, now)} left)</span>
          )}
        </>
      ),
    },
  ];

  return (
    <>
      <BackLink href={inboxHref}>Back to inbox</BackLink>
      <h1 className="break-words">{titleOf(message)}</h1>

      {isReport && (
        <WarningCallout
          heading={message.statusCode === "14" ? "Your message was not delivered" : "There was a problem with a message you sent"}
        >
          <p>
            {message.statusCode === "14"
              ? `Your message${original?.fileName ? ` “${senderText(original.fileName)}”` : ""} to ${
                  original?.recipientMailboxId ? `${original.recipientName ?? "mailbox"} (${original.recipientMailboxId})` : "the recipient"
                } was not collected within 5 days.`
              : `MESH reported: ${senderText(message.statusDescription) ?? "a problem with a message you sent"}.`}
          </p>
          <p>Check the recipient&apos;s mailbox ID and workflow with them, then send the file again if they still need it.</p>
          {original?.inSentIndex ? (
            <p>
              <Link href={routes.sentMessage(mailbox.mailboxId, original.messageId)}>
                See the message this report is about{original.fileName ? ` (“${original.fileName}”)` : ""}
              </Link>
            </p>
          ) : (
            <p>
              Mailroom has no record of sending {message.linkedMessageId ? `message ${message.linkedMessageId}` : "the message"}: another
              system using this mailbox may have sent it. Quote the message ID to the MESH service desk if you need to find out more.
            </p>
          )}
        </WarningCallout>
      )}

      {message.checksumOk === false && (
        <WarningCallout heading="The file did not match its checksum">
          <p>{CHECKSUM_MISMATCH_SENTENCE}</p>
        </WarningCallout>
      )}

      <SummaryList rows={rows} />

      {!isReport && (
        <div className="mb-8 flex flex-wrap items-center gap-x-6">
          <a href={contentHref} className={buttonClasses("primary")} download>
            Download<span className="nhsuk-u-visually-hidden"> {fileName || "file"}</span>
          </a>
          {kind ? (
            <Link href={previewHref} className="nhsuk-u-font-size-19 mb-7">
              Preview<span className="nhsuk-u-visually-hidden"> {fileName || "file"}</span>
            </Link>
          ) : null}
        </div>
      )}
      {!isReport && !kind && (
        <InsetText>
          <p>{NOT_PREVIEWED_REASON}</p>
        </InsetText>
      )}

      <h2 className="nhsuk-heading-m">Mark as received</h2>
      <p>
        When you mark this message as received it leaves the inbox{isReport ? "." : ", and the sender sees it as received."}{" "}
        {isReport ? "" : "Download the file first if you need it: downloading does not mark it as received."}
      </p>
      <AcknowledgeMessageForm action={acknowledgeAction.bind(null, mailbox.mailboxId)} messageId={message.messageId} />
    </>
  );
}
