import "server-only";
import { getDb } from "@/lib/db";
import { findMailbox } from "@/lib/db/queries/directory";
import { listRecentRecipients } from "@/lib/db/queries/sent";
import type { MailboxAddress } from "@/lib/mesh";
import type { MailboxAccess } from "./access";
import { meshFor } from "./mesh";
import { MAILBOX_ID, workflowIdSchema } from "./send-answers";
import { sendableWorkflows } from "./workflows";

export type Recipient = { mailboxId: string; name: string | null };

export type RecipientDescription = Recipient & {
  /** MESH's look-ups give no organisation; Mailroom knows it for the mailboxes it holds itself. */
  organisation: string | null;
  /** Whether MESH lists the mailbox as receiving the workflow asked about. */
  receivesWorkflow: boolean;
};

const asRecipient = (address: MailboxAddress): Recipient => ({
  mailboxId: address.mailboxId.toUpperCase(),
  name: address.mailboxName ?? null,
});

/** A mailbox id as MESH checks it (letters and digits), upper-cased; null when it cannot be one. */
export function validMailboxId(value: string): string | null {
  const id = value.trim().toUpperCase();
  return MAILBOX_ID.test(id) ? id : null;
}

/**
 * The recipient's name as MESH reports it, found through workflow search: first among the receivers
 * of `workflowId`, then of the other workflows this mailbox sends (a mailbox that exists but does
 * not take the workflow). Null means no mailbox with this ID that MESH lists. Throws MeshError.
 */
export async function describeRecipient(
  access: MailboxAccess,
  mailboxId: string,
  workflowId?: string,
): Promise<RecipientDescription | null> {
  const id = validMailboxId(mailboxId);
  if (!id) return null;
  const mesh = await meshFor(access);
  const find = async (workflow: string) => (await mesh.searchWorkflow(workflow)).map(asRecipient).find((r) => r.mailboxId === id);
  const asked = workflowId && workflowIdSchema.safeParse(workflowId).success ? workflowId.trim() : undefined;
  let found = asked ? await find(asked) : undefined;
  const receivesWorkflow = found !== undefined;
  if (!found) {
    const others = (await sendableWorkflows(access)).map((w) => w.workflowId).filter((w) => w !== asked);
    found = (await Promise.all(others.map(find))).find((r) => r !== undefined);
  }
  if (!found) return null;
  const known = await findMailbox(await getDb(), id);
  return { ...found, name: found.name ?? known?.displayName ?? null, organisation: known?.organisationName ?? null, receivesWorkflow };
}

/** MESH endpoint lookup: the mailboxes of organisation `odsCode` that receive `workflowId`. Throws MeshError. */
export async function findRecipientsByOds(access: MailboxAccess, odsCode: string, workflowId: string): Promise<Recipient[]> {
  const ods = odsCode.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,10}$/.test(ods) || !workflowIdSchema.safeParse(workflowId).success) return [];
  return (await (await meshFor(access)).lookupEndpoint(ods, workflowId.trim())).map(asRecipient);
}

/** MESH workflow search: every mailbox that receives `workflowId`. Throws MeshError. */
export async function findRecipientsByWorkflow(access: MailboxAccess, workflowId: string): Promise<Recipient[]> {
  if (!workflowIdSchema.safeParse(workflowId).success) return [];
  return (await (await meshFor(access)).searchWorkflow(workflowId.trim())).map(asRecipient);
}

/** The mailboxes this mailbox sent to lately, newest first, from the sent index. */
export async function recentRecipients(access: MailboxAccess, limit = 10): Promise<Recipient[]> {
  const rows = await listRecentRecipients(await getDb(), access.mailbox.mailboxId, limit);
  return rows.map((row) => ({ mailboxId: row.mailboxId, name: row.name }));
}
