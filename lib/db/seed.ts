import { credentialsKey } from "@/lib/crypto/secrets";
import { DEMO_MAILBOXES, DEMO_ORGANISATIONS, DEMO_PEOPLE, DEMO_SHARED_KEY } from "@/lib/demo/data";
import type { Db } from "./index";
import { countOrganisations, setGrant, upsertMailbox, upsertOrganisation } from "./queries/directory";
import { people } from "./schema";

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
