import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { buttonClasses } from "@/components/nhs/button";
import { NotificationBanner } from "@/components/nhs/notification-banner";
import { Pagination } from "@/components/nhs/pagination";
import { Table, Td, Th } from "@/components/nhs/table";
import { Tag } from "@/components/nhs/tag";
import { getDb } from "@/lib/db";
import { countUnopened, listInbox, listWorkflows } from "@/lib/db/queries/inbox";
import { formatDateTime, formatFileSize, formatTimeLeft } from "@/lib/format";
import { queryText } from "@/lib/http/url-text";
import { requireMailbox } from "@/lib/mailboxes/access";
import { syncInbox } from "@/lib/mailboxes/inbox-sync";
import { acknowledgeAction } from "../actions";
import { AcknowledgeForm } from "./acknowledge-form";
import { InboxLive } from "./inbox-live";

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const querySchema = z.object({
  q: queryText(200),
  workflow: queryText(300),
  show: z.enum(["all", "unopened", "opened"]).catch("all").default("all"),
  page: z.coerce.number().int().min(1).catch(1).default(1),
  received: z.coerce.number().int().min(0).optional().catch(undefined),
  notReceived: z.coerce.number().int().min(1).optional().catch(undefined),
});

const DAY_MS = 24 * 3600_000;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { mailbox } = await requireMailbox((await params).mailboxId);
  const unopened = await countUnopened(await getDb(), mailbox.mailboxId);
  return { title: unopened > 0 ? `Inbox (${unopened} unopened)` : "Inbox" };
}

export default async function InboxPage({ params, searchParams }: Props) {
  const access = await requireMailbox((await params).mailboxId);
  const { mailbox } = access;
  const query = querySchema.parse(await searchParams);
  // The index is the source for the page; if MESH cannot be reached the page still works from it.
  const syncProblem = await syncInbox(access).then(
    () => false,
    () => true,
  );
  const db = await getDb();
  const [inbox, workflows, unopened] = await Promise.all([
    listInbox(db, {
      mailboxId: mailbox.mailboxId,
      search: query.q,
      workflow: query.workflow,
      opened: query.show === "all" ? undefined : query.show === "opened",
      page: query.page,
    }),
    listWorkflows(db, mailbox.mailboxId),
    countUnopened(db, mailbox.mailboxId),
  ]);
  const now = new Date();
  const base = `/mailboxes/${mailbox.mailboxId}`;
  const filtered = Boolean(query.q || query.workflow || query.show !== "all");
  const pageHref = (page: number) => {
    const search = new URLSearchParams();
    if (query.q) search.set("q", query.q);
    if (query.workflow) search.set("workflow", query.workflow);
    if (query.show !== "all") search.set("show", query.show);
    search.set("page", String(page));
    return `${base}/inbox?${search}`;
  };
  const firstCheckboxId = inbox.rows[0] ? `select-${inbox.rows[0].messageId}` : undefined;

  return (
    <>
      {query.received !== undefined && (
        <NotificationBanner success heading={`${query.received === 1 ? "1 message" : `${query.received} messages`} marked as received`}>
          <p>They have left the inbox. The sender can now see they were received.</p>
          {query.notReceived && (
            <p>
              {query.notReceived === 1 ? "1 message was" : `${query.notReceived} messages were`} not marked as received because of a
              problem with the service. Try again later.
            </p>
          )}
        </NotificationBanner>
      )}
      <h1>Inbox</h1>
      <InboxLive mailboxId={mailbox.mailboxId} initialUnopened={unopened} initialTotal={inbox.total} filtered={filtered} />

      {syncProblem && (
        <div className="mb-8 border-l-4 border-error bg-white p-4" role="alert">
          <h2 className="heading-m">Sorry, there is a problem with the service</h2>
          <p className="mb-0">We could not check the mailbox for new messages. The list below may be out of date. Try again later.</p>
        </div>
      )}

      <form method="get" action={`${base}/inbox`} className="mb-6 flex flex-wrap items-end gap-x-6 gap-y-2 bg-white p-4" role="search" aria-label="Search the inbox">
        <div>
          <label htmlFor="q" className="body block font-bold">
            Search
          </label>
          <p id="q-hint" className="body-s m-0 mb-1 text-secondary">
            Sender, workflow, subject or file name
          </p>
          <input id="q" name="q" type="search" defaultValue={query.q} aria-describedby="q-hint" className="body h-10 w-64 border-2 border-secondary bg-white p-1" />
        </div>
        <div>
          <label htmlFor="workflow" className="body block font-bold">
            Workflow
          </label>
          <select id="workflow" name="workflow" defaultValue={query.workflow ?? ""} className="body h-10 border-2 border-secondary bg-white px-1">
            <option value="">All workflows</option>
            {workflows.map((workflow) => (
              <option key={workflow} value={workflow}>
                {workflow}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="show" className="body block font-bold">
            Show
          </label>
          <select id="show" name="show" defaultValue={query.show} className="body h-10 border-2 border-secondary bg-white px-1">
            <option value="all">All messages</option>
            <option value="unopened">Unopened only</option>
            <option value="opened">Opened only</option>
          </select>
        </div>
        <button type="submit" className={buttonClasses("secondary", "mb-0")}>
          Search
        </button>
        {filtered && (
          <Link href={`${base}/inbox` as never} className="body mb-3">
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
            head={
              <>
                <Th className="w-10">
                  <span className="sr-only">Select</span>
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
              const name = message.messageType === "REPORT" ? "Delivery report" : (message.fileName ?? message.subject ?? "File with no name");
              const expires = message.expiresAt ?? new Date(message.receivedAt.getTime() + 5 * DAY_MS);
              const urgent = expires.getTime() - now.getTime() < DAY_MS;
              return (
                <tr key={message.messageId}>
                  <Td>
                    <input
                      id={`select-${message.messageId}`}
                      type="checkbox"
                      name="messageId"
                      value={message.messageId}
                      aria-label={`Select ${name}`}
                      className="h-6 w-6 cursor-pointer accent-text focus:focus-input"
                    />
                  </Td>
                  <Td className="break-words">
                    <Link
                      href={`${base}/messages/${encodeURIComponent(message.messageId)}` as never}
                      // Rows appear when the inbox refreshes itself; a prefetch would count as activity.
                      prefetch={false}
                      className={message.openedAt ? undefined : "font-bold"}
                    >
                      {name}
                    </Link>
                    {!message.openedAt && (
                      <>
                        {" "}
                        <Tag colour="blue">New</Tag>
                      </>
                    )}
                    {message.subject && message.messageType === "DATA" && (
                      <span className="body-s block font-normal text-secondary">{message.subject}</span>
                    )}
                  </Td>
                  <Td>
                    {message.senderOrgName ?? (message.messageType === "REPORT" ? "MESH" : "Unknown organisation")}
                    {message.senderMailboxId && <span className="body-s block font-normal text-secondary">{message.senderMailboxId}</span>}
                  </Td>
                  <Td className="break-all">{message.workflowId}</Td>
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
