import "server-only";
import { getDb } from "@/lib/db";
import { listSendableWorkflows, workflowNames, type Workflow } from "@/lib/db/queries/workflows";
import type { MailboxAccess } from "./access";

export type { Workflow };

/** The catalogue workflows this mailbox sends, with their plain names, for the send form's choice. */
export async function sendableWorkflows(access: MailboxAccess): Promise<Workflow[]> {
  return listSendableWorkflows(await getDb(), access.mailbox.mailboxId);
}

/** The plain name of a workflow, or null when the catalogue does not know it (typed as "another workflow ID"). */
export async function workflowName(_access: MailboxAccess, workflowId: string): Promise<string | null> {
  return (await workflowNames(await getDb(), [workflowId])).get(workflowId) ?? null;
}
