import type { Metadata } from "next";
import { Button } from "@/components/nhs/button";
import { ErrorSummary } from "@/components/nhs/error-summary";
import { NotificationBanner } from "@/components/nhs/notification-banner";
import { Pagination } from "@/components/nhs/pagination";
import { Select } from "@/components/nhs/select";
import { Table, Td, Th } from "@/components/nhs/table";
import { TextInput } from "@/components/nhs/text-input";
import { WarningCallout } from "@/components/nhs/warning-callout";
import { formatDateTime } from "@/lib/format";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { AUDIT_ACTIONS, auditLogPage, readAuditQuery, type ChainCheck } from "@/lib/mailboxes/audit-log";
import { routes } from "@/lib/routes";

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const metadata: Metadata = { title: "Audit log" };

const BREAK_WORDS = {
  content: "was changed after it was written: its content no longer matches its hash",
  before: "does not follow on from the entry written before it",
  after: "is not the entry that the next one was written after",
  unhashed: "has no hash",
};

export default async function AuditPage({ params, searchParams }: Props) {
  const access = await requireMailboxAdmin((await params).mailboxId);
  const mailboxId = access.mailbox.mailboxId;
  const { filter, answers, errors, page } = readAuditQuery(access, await searchParams);
  const result = await auditLogPage(access, filter, page);
  const kept = { person: answers.person, action: answers.action, messageId: answers.messageId, from: answers.from, to: answers.to };
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <>
      <ErrorSummary errors={errors} order={["person", "action", "messageId", "from", "to"]} />
      <h1>Audit log</h1>
      <p>Everything done with this mailbox in Mailroom, newest first. Entries cannot be changed or deleted.</p>
      <form method="get" action={routes.adminAudit(mailboxId)} noValidate className="mb-6">
        <div className="tablet:flex tablet:flex-wrap tablet:gap-x-6">
          <TextInput
            id="person"
            label="Person (CIS2 user ID)"
            error={errors.person}
            defaultValue={kept.person ?? ""}
            width="14ch"
            inputMode="numeric"
          />
          <Select
            id="action"
            label="Action"
            error={errors.action}
            defaultValue={kept.action ?? ""}
            options={[{ value: "", label: "Any action" }, ...Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))]}
          />
          <TextInput id="messageId" label="Message ID" defaultValue={kept.messageId ?? ""} width="24ch" spellCheck={false} />
          <TextInput id="from" label="From (date)" type="date" error={errors.from} defaultValue={kept.from ?? ""} width="12em" />
          <TextInput id="to" label="To (date)" type="date" error={errors.to} defaultValue={kept.to ?? ""} width="12em" />
        </div>
        <Button variant="secondary">Filter</Button>
      </form>
      <ChainStatus chain={result.chain} />
      {result.total === 0 ? (
        <p>
          There are no audit entries {hasErrors || Object.values(kept).some(Boolean) ? "that match these filters" : "for this mailbox yet"}.
        </p>
      ) : (
        <>
          <p>
            {result.capped
              ? `More than ${result.total.toLocaleString("en-GB")} entries: the newest are shown; use the filters to find older ones.`
              : `${result.total.toLocaleString("en-GB")} ${result.total === 1 ? "entry" : "entries"}.`}{" "}
            <a href={routes.adminAuditExport(mailboxId, kept)} download>
              Export these entries as CSV
            </a>
          </p>
          <Table caption="Audit entries" captionHidden scrollable focusableRegion="Audit entries" head={<Head />}>
            {result.rows.map((entry) => (
              <tr key={entry.id} className="nhsuk-table__row">
                <Td numeric>{entry.id}</Td>
                <Td>{formatDateTime(entry.at)}</Td>
                <Td>
                  {entry.actorName ?? "Unknown"}
                  {entry.actor && (
                    <>
                      <br />
                      <span className="nhsuk-u-font-size-16">{entry.actor}</span>
                    </>
                  )}
                </Td>
                <Td>{AUDIT_ACTIONS[entry.action] ?? entry.action}</Td>
                <Td className="break-all">{entry.messageId ?? ""}</Td>
                <Td className="nhsuk-u-font-size-16 break-all">{describe(entry.detail, entry.subjectName)}</Td>
              </tr>
            ))}
          </Table>
          <Pagination page={result.page} totalPages={result.totalPages} href={(n) => routes.adminAudit(mailboxId, { ...kept, page: n })} />
        </>
      )}
    </>
  );
}

function ChainStatus({ chain }: { chain: ChainCheck }) {
  if (chain.checked === 0) return null;
  if (chain.intact) {
    return (
      <NotificationBanner title="Checked" heading="The audit trail is intact">
        <p>Each of the {chain.checked} entries shown matches its hash and links to the entries written before and after it.</p>
      </NotificationBanner>
    );
  }
  return (
    <WarningCallout heading="The audit trail has been tampered with">
      <ul>
        {chain.breaks.map((b) => (
          <li key={b.id}>{`Entry ${b.id} ${BREAK_WORDS[b.kind]}.`}</li>
        ))}
      </ul>
      <p>Tell your information governance lead. Do not rely on these entries until it is explained.</p>
    </WarningCallout>
  );
}

function describe(detail: Record<string, unknown>, subjectName: string | null): string {
  const parts = Object.entries(detail).map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  if (subjectName) parts.unshift(`person: ${subjectName}`);
  const text = parts.join("; ");
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function Head() {
  return (
    <>
      <Th numeric>Entry</Th>
      <Th>When</Th>
      <Th>Person</Th>
      <Th>Action</Th>
      <Th>Message ID</Th>
      <Th>Detail</Th>
    </>
  );
}
