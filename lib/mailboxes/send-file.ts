import "server-only";
import { createHash } from "node:crypto";
import { audit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { claimSendIntent, completeSendIntent, findSendIntent, releaseSendIntent } from "@/lib/db/queries/send-intents";
import { recordSent } from "@/lib/db/queries/sent";
import { log } from "@/lib/logging/log";
import { errorFields } from "@/lib/logging/logger";
import type { MailboxAccess } from "./access";
import { meshFor } from "./mesh";
import { meshHeaderText } from "./mesh-header-text";
import { fileDetailsSchema, sendDetailsSchema, type SendDetails } from "./send-answers";
import { failures, meshFailure, type SendFailure } from "./send-failures";
import { hashSendKey, type StoredAnswers } from "./send-intents";
import { firstSentCheckAt } from "./sent-refresher";
import { keepSendAlive } from "./sent-sending";
import { workflowName } from "./workflows";

/** What a send answers, and answers again to a repeated request with the same key. */
export type SentFile = {
  messageId: string;
  recipient: string;
  recipientName: string | null;
  workflowId: string;
  workflowName: string | null;
  subject: string | null;
  localId: string | null;
  fileName: string;
  size: number;
  sha256: string;
  sentAt: string;
};

export type SendOutcome = { ok: true; sent: SentFile; replayed: boolean } | { ok: false; failure: SendFailure };

export type FileUpload = {
  /** The file's bytes, read once, as they arrive. */
  body: AsyncIterable<Uint8Array>;
  /** The file's name and type when the key's answers lack them (the form without JavaScript). */
  file?: FormFile;
  /** The SHA-256 the browser computed, which the upload must match. */
  browserSha256?: string;
  limitBytes: number;
  signal?: AbortSignal;
};

const formFileSchema = fileDetailsSchema.pick({ fileName: true, contentType: true });
export type FormFile = { fileName: string; contentType: string };

type Claim = { ok: true; keyHash: string; answers: StoredAnswers } | { ok: false; outcome: SendOutcome };

/** Takes the key for this send; a used key answers with its first result instead. */
export async function claimSendKey(access: MailboxAccess, key: string): Promise<Claim> {
  const db = await getDb();
  const keyHash = hashSendKey(key);
  const claimed = await claimSendIntent(db, keyHash, access.mailbox.mailboxId, access.user.id, new Date());
  if (claimed) return { ok: true, keyHash, answers: claimed.answers as StoredAnswers };
  const intent = await findSendIntent(db, keyHash);
  if (!intent || intent.mailboxId !== access.mailbox.mailboxId || intent.personId !== access.user.id) {
    return { ok: false, outcome: { ok: false, failure: failures.keyUnknown() } };
  }
  if (intent.state === "sent" && intent.result)
    return { ok: false, outcome: { ok: true, sent: intent.result as SentFile, replayed: true } };
  if (intent.state === "sending") return { ok: false, outcome: { ok: false, failure: failures.keyInProgress() } };
  return { ok: false, outcome: { ok: false, failure: failures.keyExpired() } };
}

class UploadRefused extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.error);
  }
}

/**
 * The body as lib/mesh reads it, checked on the way: cut off at the limit plus one byte, at the
 * checked size, and at its end compared with the size and the browser's SHA-256. An error thrown
 * here stops lib/mesh before the message's last request completes, so nothing is delivered.
 */
async function* checkedBody(upload: FileUpload, size: number | undefined, state: { bytes: number; sha256: string }) {
  const hash = createHash("sha256");
  try {
    for await (const piece of upload.body) {
      state.bytes += piece.length;
      if (state.bytes > upload.limitBytes) throw new UploadRefused(failures.tooLarge(upload.limitBytes));
      if (size !== undefined && state.bytes > size) throw new UploadRefused(failures.differs(`it is larger than ${size} bytes`));
      hash.update(piece);
      yield piece;
    }
  } catch (error) {
    if (error instanceof UploadRefused) throw error;
    throw new UploadRefused(failures.incomplete()); // the browser went away mid-upload
  }
  if (state.bytes === 0) throw new UploadRefused(failures.empty());
  if (size !== undefined && state.bytes < size) throw new UploadRefused(failures.incomplete());
  state.sha256 = hash.digest("hex");
  if (upload.browserSha256 && state.sha256 !== upload.browserSha256) throw new UploadRefused(failures.checksum());
}

/**
 * Sends the file for a claimed key to MESH as one message, streaming (one lib/mesh chunk in memory
 * at most), records it in the sent index and the audit log, and completes the key. A failure
 * releases the key, so a retry after a lost connection can use it again, and is audited.
 */
export async function sendClaimedFile(
  access: MailboxAccess,
  claim: { keyHash: string; answers: StoredAnswers },
  upload: FileUpload,
): Promise<SendOutcome> {
  const details = sendDetailsSchema.safeParse(claim.answers);
  // The browser described the file on check your answers; without JavaScript the form part does.
  const file =
    claim.answers.fileName !== undefined ? fileDetailsSchema.safeParse(claim.answers) : formFileSchema.safeParse(upload.file ?? {});
  if (details.success && !file.success && claim.answers.fileName === undefined) {
    return refuseClaim(access, claim, failures.fileNameInvalid(file.error.issues[0]?.message ?? "The file name cannot be sent."));
  }
  if (!details.success || !file.success) {
    return refuseClaim(
      access,
      claim,
      failures.answersInvalid(details.error?.issues[0]?.message ?? file.error?.issues[0]?.message ?? "The answers are not valid."),
    );
  }
  const answers: SendDetails & FormFile & { size?: number; sha256?: string } = { ...details.data, ...file.data };
  // Only a size the browser measured is given to MESH; the form path streams one of unknown length.
  const size = answers.size;
  if (size !== undefined && size > upload.limitBytes) return refuseClaim(access, claim, failures.tooLarge(upload.limitBytes));
  const browserSha256 = upload.browserSha256 ?? answers.sha256;
  if (answers.sha256 && browserSha256 !== answers.sha256)
    return refuseClaim(access, claim, failures.differs("its SHA-256 is not the one checked"));

  const state = { bytes: 0, sha256: "" };
  const fileName = meshHeaderText(answers.fileName);
  const subject = answers.subject ? meshHeaderText(answers.subject) : undefined;
  let messageId: string;
  // Shown as "Sending" on the Sent page while this is at it (lib/mailboxes/sent-sending.ts).
  const stopAlive = keepSendAlive(claim.keyHash, access.mailbox.mailboxId);
  try {
    const mesh = await meshFor(access);
    const result = await mesh.send(
      checkedBody({ ...upload, browserSha256 }, size, state),
      {
        to: answers.recipient,
        workflowId: answers.workflowId,
        subject,
        localId: answers.localId,
        fileName,
        contentType: answers.contentType,
        checksum: browserSha256 ? `sha256:${browserSha256}` : undefined,
      },
      { size, signal: upload.signal },
    );
    messageId = result.messageId;
  } catch (error) {
    const refused = findRefusal(error);
    if (refused) return refuseClaim(access, claim, refused.failure);
    // The browser cancelled or its connection dropped: MESH refused nothing, the file just never all arrived.
    if (upload.signal?.aborted) return refuseClaim(access, claim, failures.incomplete());
    log.warn({ mailboxId: access.mailbox.mailboxId, ...errorFields(error) }, "send failed at MESH");
    return refuseClaim(access, claim, meshFailure(error));
  } finally {
    stopAlive();
  }

  const sentAt = new Date();
  const sent: SentFile = {
    messageId,
    recipient: answers.recipient,
    recipientName: claim.answers.recipientName ?? null,
    workflowId: answers.workflowId,
    workflowName: await workflowName(access, answers.workflowId),
    subject: subject ?? null,
    localId: answers.localId ?? null,
    fileName,
    size: state.bytes,
    sha256: state.sha256,
    sentAt: sentAt.toISOString(),
  };
  const db = await getDb();
  await recordSent(db, {
    mailboxId: access.mailbox.mailboxId,
    messageId,
    sentBy: access.user.id,
    recipientMailboxId: sent.recipient,
    recipientName: sent.recipientName,
    workflowId: sent.workflowId,
    subject: sent.subject,
    localId: sent.localId,
    fileName,
    contentType: answers.contentType,
    sizeBytes: sent.size,
    checksum: `sha256:${sent.sha256}`,
    sentAt,
    nextCheckAt: firstSentCheckAt(sentAt),
  });
  await completeSendIntent(db, claim.keyHash, sent);
  await audit({ action: "send", actor: access.user.id, mailboxId: access.mailbox.mailboxId, messageId, detail: { ...sent } });
  return { ok: true, sent, replayed: false };
}

/** lib/mesh wraps a failed input in a `cancelled` MeshError; the refusal that caused it is its cause. */
function findRefusal(error: unknown): UploadRefused | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof UploadRefused) return e;
  return null;
}

/** Releases the key (nothing was sent) and audits why. */
export async function refuseClaim(
  access: MailboxAccess,
  claim: { keyHash: string; answers: StoredAnswers },
  failure: SendFailure,
): Promise<SendOutcome> {
  await releaseSendIntent(await getDb(), claim.keyHash);
  await auditRefusal(access, failure, { recipient: claim.answers.recipient, workflowId: claim.answers.workflowId });
  return { ok: false, failure };
}

/** Every refused attempt goes to the audit log with its reason. */
export async function auditRefusal(access: MailboxAccess, failure: SendFailure, detail: Record<string, unknown> = {}): Promise<void> {
  await audit({
    action: "send-refused",
    actor: access.user.id,
    mailboxId: access.mailbox.mailboxId,
    detail: { ...detail, reason: failure.code, field: failure.field ?? null, meshCode: failure.meshCode ?? null },
  });
}
