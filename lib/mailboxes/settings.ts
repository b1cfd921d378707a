import "server-only";
import { audit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { listAudit } from "@/lib/db/queries/audit";
import { findPerson, replaceMailboxCredentials } from "@/lib/db/queries/directory";
import { findMailboxSettings, renameMailbox } from "@/lib/db/queries/mailbox-settings";
import { workflowNames } from "@/lib/db/queries/workflows";
import { log } from "@/lib/logging/log";
import { errorFields } from "@/lib/logging/logger";
import {
  checkConnection,
  connectionOutcome,
  CONNECTION_OUTCOMES,
  createMeshClient,
  type ConnectionOutcome,
  type DeliveryRule,
  type MeshClientOptions,
} from "@/lib/mesh";
import type { AdminAccess } from "./admin-access";
import { readClientCertificate, type ClientCertificate } from "./client-certificate";
import { meshOptionsForMailbox } from "./mesh";
import type { CredentialAnswers } from "./settings-answers";

export type NamedWorkflow = { workflowId: string; name: string | null; send: boolean; receive: boolean };

/** What MESH owns about the mailbox, as far as Mailroom can tell. */
export type MeshOwned =
  | { kind: "shown"; anyWorkflow: boolean; workflows: NamedWorkflow[]; rules: DeliveryRule[] }
  | { kind: "managed-by-mesh" }
  | { kind: "unavailable"; outcome: ConnectionOutcome };

export type ConnectionTest = { outcome: ConnectionOutcome; at: Date; byName: string | null };

export type MailboxSettings = {
  displayName: string;
  httpsMesh: boolean;
  hasClientCertificate: boolean;
  /** The certificate MESH is shown: the mailbox's own, else the deployment's (MESH_CLIENT_CERT), else none. */
  clientCertificate: (ClientCertificate & { source: "mailbox" | "deployment" }) | null;
  credentialsUpdatedAt: Date | null;
  credentialsUpdatedByName: string | null;
  lastTest: ConnectionTest | null;
  meshOwned: MeshOwned;
};

/** The longest the page waits for MESH before saying it could not read what MESH owns. */
const PAGE_WAIT_MS = 10_000;

async function meshOwned(mailboxId: string, options: MeshClientOptions): Promise<MeshOwned> {
  // A client of its own, with no retries: the page waits for one answer, not for a back-off.
  const client = createMeshClient({
    ...options,
    retry: { retries: 0 },
    timeoutMs: Math.min(options.timeoutMs ?? PAGE_WAIT_MS, PAGE_WAIT_MS),
  });
  try {
    const configuration = await client.mailboxConfiguration();
    if (!configuration) return { kind: "managed-by-mesh" };
    const ids = [...new Set([...configuration.workflows.send, ...configuration.workflows.receive])].sort();
    const names = await workflowNames(await getDb(), ids);
    const workflows = ids.map((workflowId) => ({
      workflowId,
      name: names.get(workflowId) ?? null,
      send: configuration.workflows.send.includes(workflowId),
      receive: configuration.workflows.receive.includes(workflowId),
    }));
    return { kind: "shown", anyWorkflow: configuration.workflows.any, workflows, rules: configuration.rules };
  } catch (error) {
    const outcome = connectionOutcome(error, options.baseUrl.startsWith("https:"));
    log.warn({ ...errorFields(error), mailboxId, outcome }, "mailbox configuration not read from MESH");
    return { kind: "unavailable", outcome };
  } finally {
    client.close();
  }
}

async function lastConnectionTest(mailboxId: string): Promise<ConnectionTest | null> {
  const db = await getDb();
  const [entry] = await listAudit(db, { mailboxId, action: "connection-tested", limit: 1 });
  const outcome = CONNECTION_OUTCOMES.find((o) => o === entry?.detail.outcome);
  if (!entry || !outcome) return null;
  const by = entry.actor ? await findPerson(db, entry.actor) : null;
  return { outcome, at: entry.at, byName: by?.name || entry.actor };
}

/** Everything the settings page shows; no secret ever leaves the database through it. */
export async function mailboxSettings(access: AdminAccess): Promise<MailboxSettings> {
  const mailboxId = access.mailbox.mailboxId;
  const row = await findMailboxSettings(await getDb(), mailboxId);
  if (!row) throw new Error(`Mailbox ${mailboxId} vanished while its settings were read`);
  const { fingerprintCert: _cert, ...options } = await meshOptionsForMailbox(mailboxId);
  const [owned, lastTest] = await Promise.all([meshOwned(mailboxId, options), lastConnectionTest(mailboxId)]);
  const certificate = options.tls?.cert ? readClientCertificate(options.tls.cert) : null;
  return {
    displayName: row.displayName,
    httpsMesh: options.baseUrl.startsWith("https:"),
    hasClientCertificate: row.hasClientCertificate,
    clientCertificate: certificate && { ...certificate, source: row.hasClientCertificate ? "mailbox" : "deployment" },
    credentialsUpdatedAt: row.credentialsUpdatedAt,
    credentialsUpdatedByName: row.credentialsUpdatedBy ? row.credentialsUpdatedByName || row.credentialsUpdatedBy : null,
    lastTest,
    meshOwned: owned,
  };
}

/** Whether the mailbox's MESH URL is https, so the credentials form may take a client certificate. */
export async function meshIsHttps(access: AdminAccess): Promise<boolean> {
  return (await meshOptionsForMailbox(access.mailbox.mailboxId)).baseUrl.startsWith("https:");
}

/** Renames the mailbox everywhere Mailroom shows it. Audited with both names. */
export async function changeDisplayName(access: AdminAccess, name: string): Promise<void> {
  const mailboxId = access.mailbox.mailboxId;
  const before = await renameMailbox(await getDb(), mailboxId, name);
  if (before === null) throw new Error(`Mailbox ${mailboxId} vanished while it was renamed`);
  await audit({ action: "mailbox-renamed", actor: access.user.id, mailboxId, detail: { from: before, to: name } });
}

/** Replaces the stored MESH credentials, encrypted at rest. Audited with what changed, never the values. */
export async function replaceCredentials(access: AdminAccess, answers: CredentialAnswers): Promise<void> {
  const mailboxId = access.mailbox.mailboxId;
  const stored = await replaceMailboxCredentials(await getDb(), mailboxId, answers, access.user.id);
  if (!stored) throw new Error(`Mailbox ${mailboxId} vanished while its credentials were replaced`);
  await audit({
    action: "credentials-replaced",
    actor: access.user.id,
    mailboxId,
    detail: { password: true, clientCertificate: Boolean(answers.clientCert) },
  });
}

/** One MESH handshake with the stored credentials; the outcome is audited and shown from the audit log. */
export async function testConnection(access: AdminAccess): Promise<ConnectionOutcome> {
  const mailboxId = access.mailbox.mailboxId;
  const { fingerprintCert: _cert, ...options } = await meshOptionsForMailbox(mailboxId);
  const check = await checkConnection(options);
  if (check.error) log.warn({ ...errorFields(check.error), mailboxId, outcome: check.outcome }, "MESH connection test failed");
  await audit({ action: "connection-tested", actor: access.user.id, mailboxId, detail: { outcome: check.outcome } });
  return check.outcome;
}
