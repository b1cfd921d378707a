import "server-only";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { csvRow } from "@/lib/csv/safe-cell";
import { getDb } from "@/lib/db";
import type { AuditEntry } from "@/lib/db/queries/audit";
import { checkAuditChain, type ChainCheck } from "@/lib/db/queries/audit-chain";
import { auditBatch, auditPage, peopleNames, type AuditFilter } from "@/lib/db/queries/audit-view";
import { queryText } from "@/lib/http/url-text";
import { log } from "@/lib/logging/log";
import type { AdminAccess } from "./admin-access";
import { CIS2_USER_ID } from "./people";

/** What each action means, for the filter and the table; unknown actions show as recorded. */
export const AUDIT_ACTIONS: Record<string, string> = {
  download: "File downloaded",
  preview: "File previewed",
  acknowledge: "Marked as received",
  send: "File sent",
  "send-refused": "Send refused",
  "download-checksum-mismatch": "Download did not match its checksum",
  "mailbox-access-refused": "Access refused",
  "admin-access-refused": "Admin page refused",
  "access-granted": "Access given",
  "role-changed": "Role changed",
  "access-removed": "Access removed",
  "admin-change-refused": "Change refused",
  "audit-exported": "Audit log exported",
  "access-review-recorded": "Access review recorded",
  "mailbox-renamed": "Display name changed",
  "credentials-replaced": "MESH credentials replaced",
  "connection-tested": "Connection to MESH tested",
};

export const AUDIT_PAGE_SIZE = 25;

export type AuditQuery = { person?: string; action?: string; messageId?: string; from?: string; to?: string; page?: string };
export type AuditFilterField = "person" | "action" | "messageId" | "from" | "to";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function day(value: string | undefined): Date | null | undefined {
  if (!value) return undefined;
  const m = DAY.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  return date && date.toISOString().startsWith(value) ? date : null;
}

const querySchema = z.object({
  person: queryText(40),
  action: queryText(60),
  messageId: queryText(100),
  from: queryText(10),
  to: queryText(10),
  page: queryText(6),
});

/** Reads the filter form from the query: the filter to apply, the answers to show again, and any errors. */
export function readAuditQuery(access: AdminAccess, raw: Record<string, string | string[] | undefined>) {
  const query = querySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? undefined : v])));
  const errors: Partial<Record<AuditFilterField, string>> = {};
  const person = query.person?.replace(/\s+/g, "");
  if (person && !CIS2_USER_ID.test(person)) errors.person = "Enter a CIS2 user ID of 12 digits, like 555000000002";
  if (query.action && !(query.action in AUDIT_ACTIONS)) errors.action = "Select an action from the list";
  const from = day(query.from);
  const to = day(query.to);
  if (from === null) errors.from = "Enter the start date as a real date, like 2026-12-01";
  if (to === null) errors.to = "Enter the end date as a real date, like 2026-12-01";
  if (from && to && to < from) errors.to = "The end date must be the same as or after the start date";
  const filter: AuditFilter = {
    mailboxId: access.mailbox.mailboxId,
    actor: errors.person ? undefined : person,
    action: errors.action ? undefined : query.action,
    messageId: query.messageId,
    from: from ?? undefined,
    before: to ? new Date(to.getTime() + 86_400_000) : undefined,
  };
  const page = Number(query.page ?? "1");
  return { filter, answers: { ...query, person }, errors, page: Number.isInteger(page) && page > 0 ? page : 1 };
}

export type AuditRow = AuditEntry & { actorName: string | null; subjectName: string | null };

/** One page of the mailbox's audit entries with the chain checked for exactly what is shown. */
export async function auditLogPage(access: AdminAccess, filter: AuditFilter, page: number) {
  const db = await getDb();
  const result = await auditPage(db, { ...filter, mailboxId: access.mailbox.mailboxId }, page, AUDIT_PAGE_SIZE);
  const subject = (entry: AuditEntry) => (typeof entry.detail.personId === "string" ? entry.detail.personId : "");
  const [names, chain] = await Promise.all([
    peopleNames(
      db,
      result.rows.flatMap((entry) => [entry.actor ?? "", subject(entry)]),
    ),
    checkAuditChain(
      db,
      result.rows.map((entry) => entry.id),
    ),
  ]);
  const rows: AuditRow[] = result.rows.map((entry) => ({
    ...entry,
    actorName: (entry.actor && names.get(entry.actor)) || null,
    subjectName: names.get(subject(entry)) ?? null,
  }));
  return { ...result, rows, chain };
}

export type { ChainCheck };

const EXPORT_HEADER = ["Entry", "When (UTC)", "Person", "Person's name", "Action", "Message ID", "Address", "Request ID", "Detail", "Hash"];

/**
 * The filtered entries as CSV, streamed in batches newest first, every cell made safe for spreadsheets.
 * The export itself is audited before the first byte.
 */
export async function auditLogCsv(access: AdminAccess, filter: AuditFilter): Promise<ReadableStream<Uint8Array>> {
  const db = await getDb();
  const scoped = { ...filter, mailboxId: access.mailbox.mailboxId };
  await audit({
    action: "audit-exported",
    actor: access.user.id,
    mailboxId: scoped.mailboxId,
    detail: { filter: { ...scoped, from: scoped.from?.toISOString(), before: scoped.before?.toISOString() } },
  });
  const encoder = new TextEncoder();
  let beforeId: number | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvRow(EXPORT_HEADER)));
          return;
        }
        const batch = await auditBatch(db, scoped, beforeId, 1000);
        if (batch.length === 0) return controller.close();
        const names = await peopleNames(
          db,
          batch.map((e) => e.actor ?? ""),
        );
        beforeId = batch[batch.length - 1]!.id;
        const text = batch
          .map((e) =>
            csvRow([
              e.id,
              e.at.toISOString(),
              e.actor,
              (e.actor && names.get(e.actor)) || null,
              e.action,
              e.messageId,
              e.ip,
              e.requestId,
              JSON.stringify(e.detail),
              e.hash,
            ]),
          )
          .join("");
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        log.error({ err: error, mailboxId: scoped.mailboxId }, "audit export failed part-way");
        controller.error(error);
      }
    },
  });
}
