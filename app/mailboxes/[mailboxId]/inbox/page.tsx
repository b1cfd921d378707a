import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/nhs/button";
import { RowCheckbox } from "@/components/nhs/choices";
import { NotificationBanner } from "@/components/nhs/notification-banner";
import { Pagination } from "@/components/nhs/pagination";
import { Select } from "@/components/nhs/select";
import { Table, Td, Th } from "@/components/nhs/table";
import { Tag } from "@/components/nhs/tag";
import { TextInput } from "@/components/nhs/text-input";
import { formatDateTime, formatFileSize, formatTimeLeft } from "@/lib/format";
import { requireMailbox } from "@/lib/mailboxes/access";
import { listInboxPage, parseInboxQuery, unopenedCount } from "@/lib/mailboxes/inbox";
import { senderText } from "@/lib/mailboxes/mesh-header-text";
import { acknowledgeAction } from "../actions";
import { AcknowledgeForm } from "./acknowledge-form";
import { InboxLive } from "./inbox-live";
import { routes } from "@/lib/routes";
import { titleOr } from "@/app/page-title";

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const DAY_MS = 24 * 3600_000;

const SHOW_OPTIONS = [
  { value: "all", label: "All messages" },
  { value: "unopened", label: "Unopened only" },
  { value: "opened", label: "Opened only" },
];

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { mailboxId } = await params;
  return titleOr("Inbox", async () => {
    const unopened = await unopenedCount(await requireMailbox(mailboxId));
    return unopened > 0 ? `Inbox (${unopened} unopened)` : "Inbox";
  });
}

export default async function InboxPage({ params, searchParams }: Props) {
  const access = await requireMailbox((await params).mailboxId);
  const { mailbox } = access;
  const query = parseInboxQuery(await searchParams);
  const inbox = await listInboxPage(access, query);
  const { workflows, unopened, syncProblem } = inbox;
  const now = new Date();
  const base = `/mailboxes/${mailbox.mailboxId}`;
  const filtered = Boolean(query.q || query.workflow || query.show !== "all");
  const pageHref = (page: number) =>
    routes.inbox(mailbox.mailboxId, { q: query.q, workflow: query.workflow, show: query.show === "all" ? undefined : query.show, page });
  const firstCheckboxId = inbox.rows[0] ? `select-${inbox.rows[0].messageId}` : undefined;

  return (
    <>
      {query.received !== undefined && (
        <NotificationBanner success heading={`${query.received === 1 ? "1 message" : `${query.received} messages`} marked as received`}>
          <p>They have left the inbox. The sender can now see they were received.</p>
          {query.notReceived && (
            <p>
              {query.notReceived === 1 ? "1 message was" : `${query.notReceived} messages were`} not marked as received because of a problem
              with the service. Try again later.
            </p>
          )}
        </NotificationBanner>
      )}
      <h1>Inbox</h1>
      <InboxLive mailboxId={mailbox.mailboxId} initialUnopened={unopened} initialTotal={inbox.total} filtered={filtered} />

      {syncProblem && (
        <div className="mb-8 border-l-4 border-error bg-white p-4" role="alert">
          <h2 className="nhsuk-heading-m">Sorry, there is a problem with the service</h2>
          <p className="mb-0">We could not check the mailbox for new messages. The list below may be out of date. Try again later.</p>
        </div>
      )}

      <form
        method="get"
        action={`${base}/inbox`}
        className="mb-6 flex flex-wrap items-end gap-x-6 gap-y-2 bg-white p-4"
        role="search"
        aria-label="Search the inbox"
      >
        <TextInput
          id="q"
          type="search"
          label="Search"
          hint="Sender, workflow, subject or file name"
          defaultValue={query.q}
          width="16rem"
          inline
        />
        <Select
          id="workflow"
          label="Workflow"
          defaultValue={query.workflow ?? ""}
          options={[
            { value: "", label: "All workflows" },
            ...workflows.map((workflow) => ({ value: workflow, label: senderText(workflow) })),
          ]}
          inline
        />
        <Select id="show" label="Show" defaultValue={query.show} options={SHOW_OPTIONS} inline />
        <button type="submit" className={buttonClasses("secondary", "nhsuk-u-margin-bottom-0")}>
          Search
        </button>
        {filtered && (
          <Link href={routes.inbox(mailbox.mailboxId)} className="nhsuk-u-font-size-19 mb-3">
            Clear search
          </Link>
        )}
      </form>

      {inbox.rows.length === 0 ? (
        <p>{filtered ? "No messages match your search." : "There are no messages in this inbox."}</p>
      ) : (
        <AcknowledgeForm action={acknowledgeAction.bind(null, mailbox.mailboxId)} firstCheckboxId={firstCheckboxId}>
          <Table
            caption={`Messages in the inbox, newest first${inbox.totalPages > 1 ? ` (page ${inbox.page} of ${inbox.totalPages})` : ""}`}
            captionHidden
            scrollable
            head={
              <>
                <Th className="w-10">
                  <span className="nhsuk-u-visually-hidden">Select</span>
                </Th>
                <Th>File</Th>
                <Th>From</Th>
                <Th>Workflow</Th>
                <Th numeric>Size</Th>
                <Th>Received</Th>
                <Th>Time left</Th>
              </>
            }
          >
            {inbox.rows.map((message) => {
              const name =
                message.messageType === "REPORT"
                  ? "Delivery report"
                  : senderText(message.fileName) || senderText(message.subject) || "File with no name";
              const subject = senderText(message.subject);
              const expires = message.expiresAt ?? new Date(message.receivedAt.getTime() + 5 * DAY_MS);
              const urgent = expires.getTime() - now.getTime() < DAY_MS;
              return (
                <tr key={message.messageId}>
                  <Td>
                    <RowCheckbox id={`select-${message.messageId}`} name="messageId" value={message.messageId} label={`Select ${name}`} />
                  </Td>
                  <Td className="wrap-anywhere">
                    <Link
                      href={routes.message(mailbox.mailboxId, message.messageId)}
                      // Rows appear when the inbox refreshes itself; a prefetch would count as activity.
                      prefetch={false}
                      className={message.openedAt ? undefined : "nhsuk-u-font-weight-bold"}
                    >
                      {name}
                    </Link>
                    {!message.openedAt && (
                      <>
                        {" "}
                        <Tag colour="blue">New</Tag>
                      </>
                    )}
                    {subject && message.messageType === "DATA" && (
                      <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour block">{subject}</span>
                    )}
                  </Td>
                  <Td>
                    {message.senderOrgName ?? (message.messageType === "REPORT" ? "MESH" : "Unknown organisation")}
                    {message.senderMailboxId && (
                      <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour block">
                        {senderText(message.senderMailboxId)}
                      </span>
                    )}
                  </Td>
                  <Td className="break-all">{senderText(message.workflowId)}</Td>
                  <Td numeric>{formatFileSize(message.sizeBytes)}</Td>
                  <Td>{formatDateTime(message.receivedAt)}</Td>
                  <Td>{urgent ? <Tag colour="red">{formatTimeLeft(expires, now)}</Tag> : formatTimeLeft(expires, now)}</Td>
                </tr>
              );
            })}
          </Table>
        </AcknowledgeForm>
      )}
      <Pagination page={inbox.page} totalPages={inbox.totalPages} href={pageHref} label="Inbox pages" prefetch={false} />
    </>
  );
}
