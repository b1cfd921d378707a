import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { buttonClasses } from "@/components/nhs/button";
import { Pagination } from "@/components/nhs/pagination";
import { Select } from "@/components/nhs/select";
import { Table, Td, Th } from "@/components/nhs/table";
import { TextInput } from "@/components/nhs/text-input";
import { formatDateTime, formatFileSize } from "@/lib/format";
import { requireMailbox } from "@/lib/mailboxes/access";
import { isFiltered, listSentPage, parseSentQuery, type SentPageQuery } from "@/lib/mailboxes/sent";
import { fillBeforeListing } from "@/lib/mailboxes/sent-outbox-fill";
import { SENT_STATUS_FILTERS } from "@/lib/mailboxes/sent-status";
import { Tag } from "@/components/nhs/tag";
import { routes } from "@/lib/routes";
import { LiveSentTag, RefreshWhileSending, SentLive } from "./sent-live";

export const metadata: Metadata = { title: "Sent" };

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The filters as query parameters, for paging links and the export. */
function filterParams(query: SentPageQuery) {
  return { q: query.q, status: query.status, workflow: query.workflow, recipient: query.recipient, from: query.from, to: query.to };
}

export default async function SentPage({ params, searchParams }: Props) {
  const access = await requireMailbox((await params).mailboxId);
  const { mailbox } = access;
  const query = parseSentQuery(await searchParams);
  const fill = await fillBeforeListing(access);
  const sent = await listSentPage(access, query);
  const filtered = isFiltered(query);
  const filters = filterParams(query);
  const pageHref = (page: number) => routes.sent(mailbox.mailboxId, { ...filters, page });
  const nameOf = (row: (typeof sent.rows)[number]) => row.fileName ?? row.subject ?? "File with no name";

  return (
    <>
      <h1>Sent</h1>
      <p>
        Files this mailbox sent, newest first, with Mailroom or, where MESH lists them, from other systems. Statuses are checked with MESH
        in the background and update on this page by themselves.
      </p>
      {fill === "failed" && (
        <p className="text-error">
          We could not ask MESH just now for files this mailbox sent from other systems, so some may be missing. We will ask again.
        </p>
      )}
      <RefreshWhileSending active={sent.sending.length > 0} />

      <form
        method="get"
        action={routes.sent(mailbox.mailboxId)}
        className="mb-6 flex flex-wrap items-end gap-x-6 gap-y-2 bg-white p-4"
        role="search"
        aria-label="Filter sent messages"
      >
        <TextInput
          id="q"
          type="search"
          label="Search"
          hint="File name, subject, recipient or local ID"
          defaultValue={query.q}
          width="16rem"
          inline
        />
        <Select
          id="status"
          label="Status"
          defaultValue={query.status ?? ""}
          options={[{ value: "", label: "Any status" }, ...SENT_STATUS_FILTERS]}
          inline
        />
        <Select
          id="workflow"
          label="Workflow"
          defaultValue={query.workflow ?? ""}
          options={[{ value: "", label: "All workflows" }, ...sent.workflows.map((workflow) => ({ value: workflow, label: workflow }))]}
          inline
        />
        <TextInput id="recipient" label="Recipient mailbox ID" defaultValue={query.recipient} width="10ch" inline spellCheck={false} />
        <TextInput id="from" type="date" label="Sent from" defaultValue={query.from} width="11rem" inline />
        <TextInput id="to" type="date" label="Sent to" defaultValue={query.to} width="11rem" inline />
        <button type="submit" className={buttonClasses("secondary", "nhsuk-u-margin-bottom-0")}>
          Filter
        </button>
        {filtered && (
          <Link href={routes.sent(mailbox.mailboxId)} className="nhsuk-u-font-size-19 mb-3">
            Clear filters
          </Link>
        )}
      </form>

      {sent.rows.length === 0 && sent.sending.length === 0 ? (
        <p>{filtered ? "No sent messages match your filters." : "This mailbox has not sent any files yet."}</p>
      ) : (
        <>
          <p hidden={sent.total === 0}>
            {sent.total === 1 ? "1 message" : `${sent.total.toLocaleString("en-GB")} messages`}
            {filtered ? " match your filters" : ""}.{" "}
            <a href={routes.sentExport(mailbox.mailboxId, filters)} download>
              Download {filtered ? "these" : "all"} as a spreadsheet (CSV)
            </a>
          </p>
          <SentLive
            statusesUrl={routes.sentStatuses(mailbox.mailboxId)}
            messages={sent.rows.map((row) => ({
              messageId: row.messageId,
              name: nameOf(row),
              label: row.view.label,
              final: row.view.final,
            }))}
          >
            <Table
              caption={`Messages sent, newest first${sent.totalPages > 1 ? ` (page ${sent.page} of ${sent.totalPages})` : ""}`}
              captionHidden
              scrollable
              // Rows of files still on their way hold no link: with only those, the box takes the focus itself.
              focusableRegion={sent.rows.length === 0 ? "Messages sent" : undefined}
              head={
                <>
                  <Th>File</Th>
                  <Th>To</Th>
                  <Th>Workflow</Th>
                  <Th numeric>Size</Th>
                  <Th>Sent</Th>
                  <Th>Status</Th>
                </>
              }
            >
              {sent.sending.map((row) => (
                <tr key={row.rowKey}>
                  {/* Without JavaScript the file's name arrives with the upload, after it started. */}
                  <FileCell name={row.fileName ?? "File (name not known yet)"} subject={row.subject} localId={row.localId} />
                  <RouteCells row={row} />
                  <Td>
                    Started {formatDateTime(row.startedAt)}
                    <Secondary>by {row.sentByLabel}</Secondary>
                  </Td>
                  <Td>
                    <Tag colour={row.view.colour}>{row.view.label}</Tag>
                    <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour mt-1 block">{row.view.detail}</span>
                  </Td>
                </tr>
              ))}
              {sent.rows.map((row) => (
                <tr key={row.messageId}>
                  <FileCell
                    name={
                      <Link href={routes.sentMessage(mailbox.mailboxId, row.messageId)} prefetch={false}>
                        {nameOf(row)}
                      </Link>
                    }
                    // Without a file name the subject is the name already.
                    subject={row.fileName ? row.subject : null}
                    localId={row.localId}
                  />
                  <RouteCells row={row} />
                  <Td>
                    {formatDateTime(row.sentAt)}
                    <Secondary>{row.sentBy ? `by ${row.sentByLabel}` : row.sentByLabel}</Secondary>
                  </Td>
                  <Td>
                    <LiveSentTag messageId={row.messageId} initial={row.view} />
                  </Td>
                </tr>
              ))}
            </Table>
          </SentLive>
        </>
      )}
      <Pagination page={sent.page} totalPages={sent.totalPages} href={pageHref} label="Sent pages" prefetch={false} />
    </>
  );
}

function Secondary({ children }: { children: ReactNode }) {
  return <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-colour block">{children}</span>;
}

/** The file's name (a link once it is sent), with its subject and local ID under it. */
function FileCell({ name, subject, localId }: { name: ReactNode; subject: string | null; localId: string | null }) {
  return (
    <Td className="wrap-anywhere">
      {name}
      {subject && <Secondary>{subject}</Secondary>}
      {localId && <Secondary>Local ID: {localId}</Secondary>}
    </Td>
  );
}

type RouteFacts = Parameters<typeof Recipient>[0]["row"] & { workflowId: string; sizeBytes: Parameters<typeof formatFileSize>[0] };

/** Where it goes, on which workflow, and how big: the same for a file on its way and one sent. */
function RouteCells({ row }: { row: RouteFacts }) {
  return (
    <>
      <Td>
        <Recipient row={row} />
      </Td>
      <Td className="break-all">{row.workflowId}</Td>
      <Td numeric>{formatFileSize(row.sizeBytes)}</Td>
    </>
  );
}

/** The recipient's organisation (or name), its mailbox name where different, and its mailbox ID. */
function Recipient({ row }: { row: { recipientOrganisation: string | null; recipientName: string | null; recipientMailboxId: string } }) {
  return (
    <>
      {row.recipientOrganisation ?? row.recipientName ?? "Unknown organisation"}
      {row.recipientName && row.recipientOrganisation && row.recipientName !== row.recipientOrganisation && (
        <span className="nhsuk-u-font-size-16 block">{row.recipientName}</span>
      )}
      <Secondary>{row.recipientMailboxId}</Secondary>
    </>
  );
}
