import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/nhs/back-link";
import { buttonClasses } from "@/components/nhs/button";
import { NotificationBanner } from "@/components/nhs/notification-banner";
import { SummaryList } from "@/components/nhs/summary-list";
import { formatDateTime, formatFileSize } from "@/lib/format";
import { loadSentDetail } from "@/lib/mailboxes/sent-detail";
import { routes } from "@/lib/routes";
import { checkNowAction } from "../actions";
import { LiveSentTag, SentLive } from "../sent-live";

type Props = {
  params: Promise<{ mailboxId: string; messageId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const CHECKED_WORDS: Record<string, { success: boolean; text: string }> = {
  checked: { success: true, text: "Checked with MESH just now." },
  "too-soon": { success: false, text: "This message was checked with MESH less than a minute ago. Try again in a minute." },
  final: { success: false, text: "This message's status is final, so it is not checked again." },
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { mailboxId, messageId } = await params;
  const { detail } = await loadSentDetail(mailboxId, messageId);
  return { title: `${detail.sent.fileName ?? detail.sent.subject ?? "Sent file"}: ${detail.view.label}` };
}

export default async function SentMessagePage({ params, searchParams }: Props) {
  const { mailboxId, messageId } = await params;
  const { access, detail } = await loadSentDetail(mailboxId, messageId);
  const { sent, view } = detail;
  const mailbox = access.mailbox;
  const checked = (await searchParams).checked;
  const notice = typeof checked === "string" ? CHECKED_WORDS[checked] : undefined;
  const name = sent.fileName ?? sent.subject ?? "File with no name";
  const recipient = [detail.recipientOrganisation, sent.recipientName].filter((part, i, all) => part && all.indexOf(part) === i).join(", ");
  const routing = sent.routing;

  const rows = [
    { key: "Status", value: <LiveSentTag messageId={sent.messageId} initial={view} /> },
    { key: "To", value: `${recipient || "Unknown organisation"} (${sent.recipientMailboxId})` },
    ...(routing?.redirectedTo ? [{ key: "Redirected to", value: `MESH delivered it to mailbox ${routing.redirectedTo} instead.` }] : []),
    ...(routing?.copies?.length
      ? [{ key: "Copies", value: `MESH also sent copies to ${routing.copies.map((copy) => copy.recipient).join(", ")}.` }]
      : []),
    { key: "Workflow ID", value: sent.workflowId },
    { key: "Subject", value: sent.subject ?? "None" },
    { key: "Local ID", value: sent.localId ?? "None" },
    { key: "File name", value: sent.fileName ?? "None" },
    { key: "Size", value: formatFileSize(sent.sizeBytes) },
    { key: "Checksum sent", value: sent.checksum ? <code className="break-all">{sent.checksum}</code> : "None" },
    { key: "Sent by", value: detail.sentByLabel },
    { key: "Message ID", value: <code className="break-all">{sent.messageId}</code> },
  ];

  return (
    <>
      <BackLink href={routes.sent(mailbox.mailboxId)}>Back to sent</BackLink>
      {notice && (
        <NotificationBanner success={notice.success} title={notice.success ? "Success" : "Important"}>
          <p className="nhsuk-notification-banner__heading">{notice.text}</p>
        </NotificationBanner>
      )}
      <h1 className="break-words">{name}</h1>
      <SentLive
        statusesUrl={routes.sentStatuses(mailbox.mailboxId)}
        messages={[{ messageId: sent.messageId, name, label: view.label, final: view.final }]}
      >
        <SummaryList rows={rows} />
      </SentLive>

      {sent.ndrMessageId && (
        <p>
          {detail.reportInInbox ? (
            <Link href={routes.message(mailbox.mailboxId, sent.ndrMessageId)}>Read the non-delivery report in the inbox</Link>
          ) : (
            <>
              MESH sent a non-delivery report (message ID <code>{sent.ndrMessageId}</code>); it is no longer in the inbox.
            </>
          )}
        </p>
      )}

      <h2 className="nhsuk-heading-m">What happened</h2>
      <ol className="nhsuk-list mb-8 border-l-4 border-border pl-4">
        {detail.timeline.map((entry) => (
          <li key={entry.title} className="mb-4">
            <h3 className="nhsuk-heading-s mb-1">{entry.title}</h3>
            {entry.at && <p className="nhsuk-u-secondary-text-colour mb-1">{formatDateTime(entry.at)}</p>}
            <p className="mb-0">{entry.detail}</p>
          </li>
        ))}
      </ol>

      {!view.final && (
        <>
          <h2 className="nhsuk-heading-m">Check the status now</h2>
          <p>
            Mailroom checks with MESH by itself, more often just after sending. You can ask MESH about this message once a minute.
            {detail.checkAgainAt && ` You can ask again after ${formatDateTime(detail.checkAgainAt)}.`}
          </p>
          <form action={checkNowAction.bind(null, mailbox.mailboxId)}>
            <input type="hidden" name="messageId" value={sent.messageId} />
            <button type="submit" className={buttonClasses("secondary")}>
              Check now
            </button>
          </form>
        </>
      )}
    </>
  );
}
