import { eq } from "drizzle-orm";
import type { Db } from "../index";
import { mailboxes, people } from "../schema";

export type MailboxSettingsRow = {
  mailboxId: string;
  displayName: string;
  meshUrl: string | null;
  hasClientCertificate: boolean;
  credentialsUpdatedAt: Date | null;
  credentialsUpdatedBy: string | null;
  credentialsUpdatedByName: string | null;
};

/** What the settings page shows about a mailbox: never a secret, only whether a certificate is stored and when credentials changed. */
export async function findMailboxSettings(db: Db, mailboxId: string): Promise<MailboxSettingsRow | null> {
  const [row] = await db
    .select({
      mailboxId: mailboxes.mailboxId,
      displayName: mailboxes.displayName,
      meshUrl: mailboxes.meshUrl,
      clientCert: mailboxes.clientCert,
      credentialsUpdatedAt: mailboxes.credentialsUpdatedAt,
      credentialsUpdatedBy: mailboxes.credentialsUpdatedBy,
      credentialsUpdatedByName: people.name,
    })
    .from(mailboxes)
    .leftJoin(people, eq(people.id, mailboxes.credentialsUpdatedBy))
    .where(eq(mailboxes.mailboxId, mailboxId.toUpperCase()));
  if (!row) return null;
  const { clientCert, ...rest } = row;
  return { ...rest, hasClientCertificate: Boolean(clientCert) };
}

/** Renames a mailbox; returns the name it had, or null when there is no such mailbox. */
export async function renameMailbox(db: Db, mailboxId: string, displayName: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ displayName: mailboxes.displayName })
      .from(mailboxes)
      .where(eq(mailboxes.mailboxId, mailboxId.toUpperCase()))
      .for("update");
    if (!before) return null;
    await tx.update(mailboxes).set({ displayName }).where(eq(mailboxes.mailboxId, mailboxId.toUpperCase()));
    return before.displayName;
  });
}
