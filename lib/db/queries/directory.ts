import { and, asc, eq, sql } from "drizzle-orm";
import { credentialsKey, decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import type { Db } from "../index";
import { grants, mailboxes, organisations, people, type GrantRole } from "../schema";

export type Person = typeof people.$inferSelect;
export type Organisation = { odsCode: string; name: string };

/** Records a sign-in: creates the person on first sight and keeps name and email current. */
export async function upsertPersonOnSignIn(
  db: Db,
  person: { id: string; name: string; email?: string | null },
  now: Date = new Date(),
): Promise<Person> {
  const [row] = await db
    .insert(people)
    .values({ id: person.id, name: person.name, email: person.email ?? null, lastSignInAt: now, createdAt: now })
    .onConflictDoUpdate({
      target: people.id,
      set: { name: person.name, email: person.email ?? null, lastSignInAt: now },
    })
    .returning();
  if (!row) throw new Error(`Could not record sign-in for ${person.id}`);
  return row;
}

export async function findPerson(db: Db, id: string): Promise<Person | null> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row ?? null;
}

export async function knownOrganisation(db: Db, odsCode: string): Promise<Organisation | null> {
  const [row] = await db
    .select({ odsCode: organisations.odsCode, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.odsCode, odsCode.toUpperCase()));
  return row ?? null;
}

export async function upsertOrganisation(db: Db, org: Organisation): Promise<void> {
  await db
    .insert(organisations)
    .values({ odsCode: org.odsCode.toUpperCase(), name: org.name })
    .onConflictDoUpdate({ target: organisations.odsCode, set: { name: org.name } });
}

export type GrantWithMailbox = {
  mailboxId: string;
  role: GrantRole;
  grantedBy: string;
  grantedAt: Date;
  displayName: string;
  environment: string;
  odsCode: string;
  organisationName: string;
};

/** The mailboxes a person may use, with names for display, ordered by organisation then mailbox name. */
export async function listGrantsForPerson(db: Db, personId: string): Promise<GrantWithMailbox[]> {
  return db
    .select({
      mailboxId: grants.mailboxId,
      role: grants.role,
      grantedBy: grants.grantedBy,
      grantedAt: grants.grantedAt,
      displayName: mailboxes.displayName,
      environment: mailboxes.environment,
      odsCode: mailboxes.odsCode,
      organisationName: organisations.name,
    })
    .from(grants)
    .innerJoin(mailboxes, eq(mailboxes.mailboxId, grants.mailboxId))
    .innerJoin(organisations, eq(organisations.odsCode, mailboxes.odsCode))
    .where(eq(grants.personId, personId))
    .orderBy(asc(organisations.name), asc(mailboxes.displayName));
}

export type Grant = { personId: string; mailboxId: string; role: GrantRole; grantedBy: string; grantedAt: Date };

/** The person's grant on one mailbox, or null: the access check behind every mailbox page. */
export async function findGrant(db: Db, personId: string, mailboxId: string): Promise<Grant | null> {
  const [row] = await db
    .select()
    .from(grants)
    .where(and(eq(grants.personId, personId), eq(grants.mailboxId, mailboxId.toUpperCase())));
  return row ?? null;
}

export type GrantWithPerson = Grant & { name: string; email: string | null; lastSignInAt: Date | null };

/** Everyone who may use a mailbox, for its admin page. */
export async function listGrantsForMailbox(db: Db, mailboxId: string): Promise<GrantWithPerson[]> {
  return db
    .select({
      personId: grants.personId,
      mailboxId: grants.mailboxId,
      role: grants.role,
      grantedBy: grants.grantedBy,
      grantedAt: grants.grantedAt,
      name: people.name,
      email: people.email,
      lastSignInAt: people.lastSignInAt,
    })
    .from(grants)
    .innerJoin(people, eq(people.id, grants.personId))
    .where(eq(grants.mailboxId, mailboxId.toUpperCase()))
    .orderBy(asc(people.name));
}

/** Grants access or changes the role. `grantedBy` is the acting person's id or 'system'. */
export async function setGrant(
  db: Db,
  grant: { personId: string; mailboxId: string; role: GrantRole; grantedBy: string },
  now: Date = new Date(),
): Promise<void> {
  const values = { ...grant, mailboxId: grant.mailboxId.toUpperCase(), grantedAt: now };
  await db
    .insert(grants)
    .values(values)
    .onConflictDoUpdate({
      target: [grants.personId, grants.mailboxId],
      set: { role: values.role, grantedBy: values.grantedBy, grantedAt: now },
    });
}

/** Removes access; returns whether there was a grant to remove. */
export async function removeGrant(db: Db, personId: string, mailboxId: string): Promise<boolean> {
  const removed = await db
    .delete(grants)
    .where(and(eq(grants.personId, personId), eq(grants.mailboxId, mailboxId.toUpperCase())))
    .returning({ personId: grants.personId });
  return removed.length > 0;
}

export type MailboxInput = {
  mailboxId: string;
  displayName: string;
  odsCode: string;
  environment: string;
  meshUrl?: string | null;
  password: string;
  sharedKey: string;
  clientKey?: string | null;
  clientCert?: string | null;
  caCert?: string | null;
};

// Binding each ciphertext to its mailbox and field means a blob copied to another row or column is rejected.
const secretContext = (mailboxId: string, field: "password" | "shared_key" | "client_key") => `mailbox:${mailboxId}:${field}`;

/** Creates or replaces a mailbox, encrypting its secrets with `key`. */
export async function upsertMailbox(db: Db, input: MailboxInput, key: Buffer = credentialsKey()): Promise<void> {
  const mailboxId = input.mailboxId.toUpperCase();
  const values = {
    mailboxId,
    displayName: input.displayName,
    odsCode: input.odsCode.toUpperCase(),
    environment: input.environment,
    meshUrl: input.meshUrl ?? null,
    passwordEncrypted: encryptSecret(input.password, key, secretContext(mailboxId, "password")),
    sharedKeyEncrypted: encryptSecret(input.sharedKey, key, secretContext(mailboxId, "shared_key")),
    clientKeyEncrypted: input.clientKey ? encryptSecret(input.clientKey, key, secretContext(mailboxId, "client_key")) : null,
    clientCert: input.clientCert ?? null,
    caCert: input.caCert ?? null,
  };
  const { mailboxId: _id, ...changes } = values;
  await db.insert(mailboxes).values(values).onConflictDoUpdate({ target: mailboxes.mailboxId, set: changes });
}

export type CredentialsReplacement = { password: string; clientCert?: string; clientKey?: string };

/**
 * Replaces a mailbox's MESH password (and, when given, its client certificate and key), encrypted as
 * `upsertMailbox` does, and records who did it and when. Returns whether the mailbox exists.
 */
export async function replaceMailboxCredentials(
  db: Db,
  mailboxId: string,
  replacement: CredentialsReplacement,
  by: string,
  now: Date = new Date(),
  key: Buffer = credentialsKey(),
): Promise<boolean> {
  const id = mailboxId.toUpperCase();
  const tls =
    replacement.clientCert && replacement.clientKey
      ? {
          clientCert: replacement.clientCert,
          clientKeyEncrypted: encryptSecret(replacement.clientKey, key, secretContext(id, "client_key")),
        }
      : {};
  const updated = await db
    .update(mailboxes)
    .set({
      passwordEncrypted: encryptSecret(replacement.password, key, secretContext(id, "password")),
      ...tls,
      credentialsUpdatedAt: now,
      credentialsUpdatedBy: by,
    })
    .where(eq(mailboxes.mailboxId, id))
    .returning({ mailboxId: mailboxes.mailboxId });
  return updated.length > 0;
}

export type MailboxSummary = {
  mailboxId: string;
  displayName: string;
  odsCode: string;
  organisationName: string;
  environment: string;
  meshUrl: string | null;
};

/** A mailbox's public details (no secrets), or null. */
export async function findMailbox(db: Db, mailboxId: string): Promise<MailboxSummary | null> {
  const [row] = await db
    .select({
      mailboxId: mailboxes.mailboxId,
      displayName: mailboxes.displayName,
      odsCode: mailboxes.odsCode,
      organisationName: organisations.name,
      environment: mailboxes.environment,
      meshUrl: mailboxes.meshUrl,
    })
    .from(mailboxes)
    .innerJoin(organisations, eq(organisations.odsCode, mailboxes.odsCode))
    .where(eq(mailboxes.mailboxId, mailboxId.toUpperCase()));
  return row ?? null;
}

export type MailboxCredentials = {
  mailboxId: string;
  environment: string;
  meshUrl: string | null;
  password: string;
  sharedKey: string;
  clientKey: string | null;
  clientCert: string | null;
  caCert: string | null;
};

/**
 * Decrypted credentials for calling MESH as this mailbox, or null if unknown. Server-only: the
 * result must never be serialised to the browser. Throws SecretDecryptError on a wrong key.
 */
export async function getMailboxCredentials(db: Db, mailboxId: string, key: Buffer = credentialsKey()): Promise<MailboxCredentials | null> {
  const [row] = await db.select().from(mailboxes).where(eq(mailboxes.mailboxId, mailboxId.toUpperCase()));
  if (!row) return null;
  const id = row.mailboxId;
  return {
    mailboxId: id,
    environment: row.environment,
    meshUrl: row.meshUrl,
    password: decryptSecret(row.passwordEncrypted, key, secretContext(id, "password")),
    sharedKey: decryptSecret(row.sharedKeyEncrypted, key, secretContext(id, "shared_key")),
    clientKey: row.clientKeyEncrypted ? decryptSecret(row.clientKeyEncrypted, key, secretContext(id, "client_key")) : null,
    clientCert: row.clientCert,
    caCert: row.caCert,
  };
}

/** How many organisations exist; the seed runs only on an empty directory. */
export async function countOrganisations(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations);
  return row?.n ?? 0;
}
