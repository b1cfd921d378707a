import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../index";
import { mailboxWorkflows, workflows } from "../schema";

export type Workflow = { workflowId: string; name: string };

export async function upsertWorkflow(db: Db, workflow: Workflow): Promise<void> {
  await db
    .insert(workflows)
    .values(workflow)
    .onConflictDoUpdate({ target: workflows.workflowId, set: { name: workflow.name } });
}

/** Lets `mailboxId` offer `workflowId` on its send form. */
export async function allowWorkflow(db: Db, mailboxId: string, workflowId: string): Promise<void> {
  await db.insert(mailboxWorkflows).values({ mailboxId: mailboxId.toUpperCase(), workflowId }).onConflictDoNothing();
}

/** The catalogue workflows a mailbox sends, by plain name. */
export async function listSendableWorkflows(db: Db, mailboxId: string): Promise<Workflow[]> {
  return db
    .select({ workflowId: workflows.workflowId, name: workflows.name })
    .from(mailboxWorkflows)
    .innerJoin(workflows, eq(workflows.workflowId, mailboxWorkflows.workflowId))
    .where(eq(mailboxWorkflows.mailboxId, mailboxId))
    .orderBy(asc(workflows.name));
}

/** Plain names for the given workflow ids; ids not in the catalogue are left out. */
export async function workflowNames(db: Db, workflowIds: string[]): Promise<Map<string, string>> {
  if (workflowIds.length === 0) return new Map();
  const rows = await db.select().from(workflows).where(inArray(workflows.workflowId, workflowIds));
  return new Map(rows.map((row) => [row.workflowId, row.name]));
}
