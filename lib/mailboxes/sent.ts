import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { eachSent, listSent, listSentWorkflows, sentRowNames, type SentMessage, type SentQuery } from "@/lib/db/queries/sent";
import { sentStatuses } from "@/lib/db/queries/sent-tracking";
import type { Page } from "@/lib/db/queries/paging";
import { SENT_STATUSES } from "@/lib/db/schema";
import { queryText } from "@/lib/http/url-text";
import type { MailboxAccess } from "./access";
import { normaliseMailboxId } from "./access";
import { normaliseMessageId } from "./download";
import { listSendingNow, type SendingRow } from "./sent-sending";
import { describeSentStatus, whoSent, type SentStatusView } from "./sent-status";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateText = z
  .string()
  .trim()
  .regex(DATE)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .optional()
  .catch(undefined);

const sentQuerySchema = z.object({
  q: queryText(200),
  status: z.enum(SENT_STATUSES).optional().catch(undefined),
  workflow: queryText(300),
  recipient: z
    .string()
    .transform((value) => normaliseMailboxId(value) ?? undefined)
    .optional()
    .catch(undefined),
  from: dateText,
  to: dateText,
  page: z.coerce.number().int().min(1).catch(1).default(1),
});

export type SentPageQuery = z.infer<typeof sentQuerySchema>;

/** The Sent page's query string, cleaned: anything odd falls back to "not filtered". */
export function parseSentQuery(searchParams: Record<string, string | string[] | undefined>): SentPageQuery {
  return sentQuerySchema.parse(searchParams);
}

export function isFiltered(query: SentPageQuery): boolean {
  return Boolean(query.q || query.status || query.workflow || query.recipient || query.from || query.to);
}

/** Midnight at the start of a calendar day in UK time, as the dates on the page are shown. */
export function ukMidnight(date: string): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  const london = new Date(guess.toLocaleString("en-US", { timeZone: "Europe/London" }));
  const utc = new Date(guess.toLocaleString("en-US", { timeZone: "UTC" }));
  return new Date(guess.getTime() - (london.getTime() - utc.getTime()));
}

function toDbQuery(access: MailboxAccess, query: SentPageQuery): SentQuery {
  const dayAfter = query.to ? new Date(`${query.to}T00:00:00Z`) : undefined;
  dayAfter?.setUTCDate(dayAfter.getUTCDate() + 1);
  return {
    mailboxId: access.mailbox.mailboxId,
    search: query.q,
    status: query.status,
    workflow: query.workflow,
    recipient: query.recipient,
    sentFrom: query.from ? ukMidnight(query.from) : undefined,
    // Up to the end of the "to" day: the next UK midnight.
    sentBefore: dayAfter ? ukMidnight(dayAfter.toISOString().slice(0, 10)) : undefined,
    page: query.page,
  };
}

export type SentRow = SentMessage & {
  view: SentStatusView;
  senderName: string | null;
  /** "Who sent it" in words: the person, or "Sent outside Mailroom". */
  sentByLabel: string;
  recipientOrganisation: string | null;
};

function withNames(rows: SentMessage[], names: Awaited<ReturnType<typeof sentRowNames>>): SentRow[] {
  return rows.map((row) => {
    const senderName = row.sentBy ? (names.senderName.get(row.sentBy) ?? null) : null;
    return {
      ...row,
      view: describeSentStatus(row),
      senderName,
      sentByLabel: whoSent(row.sentBy, senderName),
      recipientOrganisation: names.recipientOrganisation.get(row.recipientMailboxId) ?? null,
    };
  });
}

export type SentPage = Page<SentRow> & {
  workflows: string[];
  /** Sends being uploaded now: on the first page when nothing is filtered (they are newer than any sent). */
  sending: SendingRow[];
};

/** What the Sent page shows: one page of the sent index, newest first, and the workflows to filter by. Never calls MESH. */
export async function listSentPage(access: MailboxAccess, query: SentPageQuery): Promise<SentPage> {
  const db = await getDb();
  const [page, workflows, sending] = await Promise.all([
    listSent(db, toDbQuery(access, query)),
    listSentWorkflows(db, access.mailbox.mailboxId),
    query.page === 1 && !isFiltered(query) ? listSendingNow(access) : [],
  ]);
  const names = await sentRowNames(db, page.rows);
  return {
    ...page,
    sending,
    rows: withNames(page.rows, names),
    workflows,
  };
}

export type LiveSentStatus = SentStatusView & { messageId: string; checkProblem: boolean };

/** For the open page's refresh: the statuses of the messages it shows, from the index alone. Unknown ids are left out. */
export async function liveSentStatuses(access: MailboxAccess, rawIds: string[]): Promise<LiveSentStatus[]> {
  const ids = [...new Set(rawIds.map(normaliseMessageId).filter((id): id is string => Boolean(id)))].slice(0, 200);
  const rows = await sentStatuses(await getDb(), access.mailbox.mailboxId, ids);
  return rows.map((row) => ({ messageId: row.messageId, ...describeSentStatus(row), checkProblem: row.checkFailedAt !== null }));
}

/** Every sent message matching the query, in batches, with names, for the export. */
export async function* exportSentRows(access: MailboxAccess, query: SentPageQuery): AsyncGenerator<SentRow[]> {
  const db = await getDb();
  const { page: _page, ...filters } = toDbQuery(access, query);
  for await (const batch of eachSent(db, filters)) {
    const names = await sentRowNames(db, batch);
    yield withNames(batch, names);
  }
}
