import { credentialsKey } from "@/lib/crypto/secrets";
import { DEMO_MAILBOXES, DEMO_ORGANISATIONS, DEMO_PEOPLE, DEMO_SHARED_KEY, DEMO_WORKFLOWS } from "@/lib/demo/data";
import type { Db } from "./app-db";
import { countOrganisations, setGrant, upsertMailbox, upsertOrganisation } from "./queries/directory";
import { allowWorkflow, upsertWorkflow } from "./queries/workflows";
import { people } from "./schema";
import { WORKFLOW_CATALOGUE } from "./workflow-catalogue";

/** The settings the demo seed step obeys (lib/env.ts describes them). */
export type DemoSeedSettings = { NODE_ENV?: string; SEED_DEMO_DATA?: string; CREDENTIALS_KEY?: string };

export type DemoSeedOutcome = "seeded" | "not empty" | "switched off" | "refused in production";

/**
 * The demo seed step that `npm start` takes before the web server opens the database (opening never
 * seeds). SEED_DEMO_DATA=false switches it off; under NODE_ENV=production it runs only when
 * SEED_DEMO_DATA=true asks for it, so a real deployment never gets the demo mailboxes and people.
 */
export async function seedDemoDataIfAllowed(db: Db, settings: DemoSeedSettings = process.env): Promise<DemoSeedOutcome> {
  if (settings.SEED_DEMO_DATA === "false") return "switched off";
  if (settings.NODE_ENV === "production" && settings.SEED_DEMO_DATA !== "true") return "refused in production";
  return (await seedDemoDataIfEmpty(db, credentialsKey(settings))) ? "seeded" : "not empty";
}

/**
 * Inserts the demo directory (lib/demo/data.ts) when there are no organisations yet, so a fresh
 * clone can sign in as a demo person and see their mailboxes. Returns whether it seeded.
 * Safe to run from several processes at once: every insert is an upsert.
 */
export async function seedDemoDataIfEmpty(db: Db, key: Buffer = credentialsKey()): Promise<boolean> {
  if ((await countOrganisations(db)) > 0) return false;
  // One transaction, so a crash half-way cannot leave organisations that block a later re-seed.
  await db.transaction((tx) => seedDemoData(tx, key));
  return true;
}

export async function seedDemoData(db: Db, key: Buffer = credentialsKey()): Promise<void> {
  for (const org of DEMO_ORGANISATIONS) await upsertOrganisation(db, { odsCode: org.odsCode, name: org.name });
  for (const mailbox of DEMO_MAILBOXES) {
    await upsertMailbox(
      db,
      {
        mailboxId: mailbox.mailboxId,
        displayName: mailbox.name,
        odsCode: mailbox.odsCode,
        environment: "local",
        meshUrl: null, // the configured default: the embedded mailbox server
        password: mailbox.password,
        sharedKey: DEMO_SHARED_KEY,
      },
      key,
    );
  }
  for (const workflow of WORKFLOW_CATALOGUE) await upsertWorkflow(db, workflow);
  for (const workflow of DEMO_WORKFLOWS) {
    for (const sender of workflow.senders) await allowWorkflow(db, sender, workflow.workflowId);
  }
  for (const person of DEMO_PEOPLE) {
    // Seeded people have not signed in yet; their first sign-in fills last_sign_in_at.
    await db
      .insert(people)
      .values({ id: person.userId, name: `${person.givenName} ${person.familyName}`, email: person.email })
      .onConflictDoNothing();
    for (const grant of person.grants) {
      await setGrant(db, { personId: person.userId, mailboxId: grant.mailboxId, role: grant.role, grantedBy: "system" });
    }
  }
}
