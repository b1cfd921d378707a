import "server-only";
import { readFileSync } from "node:fs";
import { getDb } from "@/lib/db";
import { getMailboxCredentials } from "@/lib/db/queries/directory";
import { env } from "@/lib/env";
import { createMeshClient, type MeshClient, type MeshClientOptions, type MeshTlsOptions } from "@/lib/mesh";
import { requestId } from "@/lib/http/request-context";
import { MAILROOM_REQUEST_ID } from "@/lib/http/request-id";
import type { MailboxAccess } from "./access";

const clients = new Map<string, { fingerprint: string; client: MeshClient }>();

function tlsOptions(credentials: {
  clientCert: string | null;
  clientKey: string | null;
  caCert: string | null;
}): MeshTlsOptions | undefined {
  const settings = env();
  const read = (file: string | undefined) => (file ? readFileSync(file) : undefined);
  const cert = credentials.clientCert ?? read(settings.MESH_CLIENT_CERT);
  const key = credentials.clientKey ?? read(settings.MESH_CLIENT_KEY);
  const ca = credentials.caCert ?? read(settings.MESH_CA_CERT);
  return cert || key || ca ? { cert, key, ca } : undefined;
}

/**
 * A MESH client acting as the mailbox the person was just granted. Taking `MailboxAccess` (only
 * `requireMailbox`/`checkMailboxApi` make one) means nothing reaches MESH without the access check.
 * Clients are kept per mailbox so keep-alive connections are reused.
 */
export async function meshFor(access: MailboxAccess): Promise<MeshClient> {
  return meshForMailbox(access.mailbox.mailboxId);
}

/** For server-side jobs that act for a mailbox without a person: the sent-status refresher (inbox sync runs inside a checked request). */
export async function meshForMailbox(mailboxId: string): Promise<MeshClient> {
  const { fingerprintCert, ...options } = await meshOptionsForMailbox(mailboxId);
  const fingerprint = `${options.baseUrl}|${options.password}|${options.sharedKey}|${fingerprintCert}`;
  const cached = clients.get(mailboxId);
  if (cached?.fingerprint === fingerprint) return cached.client;
  cached?.client.close();
  const client = createMeshClient(options);
  clients.set(mailboxId, { fingerprint, client });
  return client;
}

/**
 * How to reach MESH as this mailbox, from its stored credentials (the deployment's MESH_URL and
 * MESH_CLIENT_* files where the mailbox has none of its own). For a client of one's own, such as the
 * settings page's connection test, which must not reuse a cached connection.
 */
export async function meshOptionsForMailbox(mailboxId: string): Promise<MeshClientOptions & { fingerprintCert: string }> {
  const credentials = await getMailboxCredentials(await getDb(), mailboxId);
  if (!credentials) throw new Error(`Mailbox ${mailboxId} has no stored credentials`);
  const baseUrl = credentials.meshUrl ?? env().MESH_URL;
  return {
    baseUrl,
    mailboxId: credentials.mailboxId,
    password: credentials.password,
    sharedKey: credentials.sharedKey,
    tls: tlsOptions(credentials),
    timeoutMs: meshTimeoutMs(),
    // Compressing to cross the loopback only burns CPU on both sides; over a network it saves bandwidth.
    acceptGzip: !isLoopback(baseUrl),
    // The mailbox server logs it beside its own request line, so one id follows a request through both.
    contextHeaders: async (): Promise<Record<string, string>> => {
      const id = await requestId();
      return id ? { [MAILROOM_REQUEST_ID]: id } : {};
    },
    fingerprintCert: `${credentials.clientCert ?? ""}|${credentials.clientKey ?? ""}`,
  };
}

/** MESH_TIMEOUT_SECONDS in milliseconds: the longest silence from MESH during a request or a download. */
export function meshTimeoutMs(): number {
  return env().MESH_TIMEOUT_SECONDS * 1000;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\./.test(host);
}
