import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { countUnopened, listInbox, listWorkflows, type InboxMessage } from "@/lib/db/queries/inbox";
import type { Page } from "@/lib/db/queries/paging";
import { queryText } from "@/lib/http/url-text";
import type { MailboxAccess } from "./access";
import { syncInbox } from "./inbox-sync";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";
import { requestId } from "@/lib/http/request-context";

export type { InboxMessage };

const inboxQuerySchema = z.object({
  q: queryText(200),
  workflow: queryText(300),
  show: z.enum(["all", "unopened", "opened"]).catch("all").default("all"),
  page: z.coerce.number().int().min(1).catch(1).default(1),
  received: z.coerce.number().int().min(0).optional().catch(undefined),
  notReceived: z.coerce.number().int().min(1).optional().catch(undefined),
});

export type InboxQuery = z.infer<typeof inboxQuerySchema>;

/** The inbox page's query string, cleaned: anything odd falls back to its default. */
export function parseInboxQuery(searchParams: Record<string, string | string[] | undefined>): InboxQuery {
  return inboxQuerySchema.parse(searchParams);
}

/**
 * Brings the index in step with MESH first; true if MESH could not be asked. The index is the source
 * either way, so a page still works from it when MESH is down.
 */
async function syncProblem(access: MailboxAccess, reason: "page" | "poll"): Promise<boolean> {
  try {
    await syncInbox(access, { reason });
    return false;
  } catch (error) {
    log.warn({ ...errorFields(error), mailboxId: access.mailbox.mailboxId, reason, requestId: await requestId() }, "inbox sync failed");
    return true;
  }
}

export type InboxPage = Page<InboxMessage> & { workflows: string[]; unopened: number; syncProblem: boolean };

/** What the inbox page shows: one page of the index for the query, the workflows to filter by, and counts. */
export async function listInboxPage(access: MailboxAccess, query: InboxQuery): Promise<InboxPage> {
  const mailboxId = access.mailbox.mailboxId;
  const problem = await syncProblem(access, "page");
  const db = await getDb();
  const [inbox, workflows, unopened] = await Promise.all([
    listInbox(db, {
      mailboxId,
      search: query.q,
      workflow: query.workflow,
      opened: query.show === "all" ? undefined : query.show === "opened",
      page: query.page,
    }),
    listWorkflows(db, mailboxId),
    countUnopened(db, mailboxId),
  ]);
  return { ...inbox, workflows, unopened, syncProblem: problem };
}

/** Unopened messages in the mailbox, from the index (for the page title). */
export async function unopenedCount(access: MailboxAccess): Promise<number> {
  return countUnopened(await getDb(), access.mailbox.mailboxId);
}

/** What the inbox polls for: counts after a background sync, which MESH sees at most every 10 s. */
export async function inboxSummary(access: MailboxAccess): Promise<{ unopened: number; total: number; problem: boolean }> {
  const mailboxId = access.mailbox.mailboxId;
  const problem = await syncProblem(access, "poll");
  const db = await getDb();
  const [unopened, page] = await Promise.all([countUnopened(db, mailboxId), listInbox(db, { mailboxId, pageSize: 1 })]);
  return { unopened, total: page.total, problem };
}
