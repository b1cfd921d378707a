import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import { createSendIntent, findSendIntent } from "@/lib/db/queries/send-intents";
import { isMeshError } from "@/lib/mesh";
import type { MailboxAccess } from "./access";
import { describeRecipient, type RecipientDescription } from "./recipients";
import { asTheyWillArrive, sendAnswersWithin, sendDetailsSchema, type SendAnswers, type SendDetails } from "./send-answers";
import { uploadLimitForRequest } from "./upload-limit";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";

/** How long check your answers may wait for the upload; after that the person checks again. */
export const SEND_KEY_MINUTES = 30;

/** What a key's record holds: the checked answers (the file's details absent on the path without JavaScript). */
export type StoredAnswers = SendDetails & Partial<Omit<SendAnswers, keyof SendDetails>> & { recipientName: string | null };

export type PreparedSend =
  | {
      ok: true;
      /** The idempotency key: the upload sends it, and sends once however often it is repeated. */
      key: string;
      expiresAt: Date;
      answers: StoredAnswers;
      /** File name and subject as the recipient will see them. */
      arrives: { fileName?: string; subject?: string };
      limitBytes: number;
      /** What MESH reports about the recipient; null: no mailbox with this ID (or MESH did not answer). */
      recipient: RecipientDescription | null;
    }
  | { ok: false; errors: { field: string; message: string }[]; limitBytes: number };

export const hashSendKey = (key: string) => createHash("sha256").update(key).digest("hex");

/**
 * Checks the answers (with the file's details when the browser gave them) against the limit for
 * this request, asks MESH about the recipient, and issues the key check your answers carries.
 */
export async function prepareSend(
  access: MailboxAccess,
  input: Record<string, unknown>,
  /** What the caller already learnt from describeRecipient, so MESH is not asked twice. */
  known?: { recipient: RecipientDescription },
): Promise<PreparedSend> {
  const { limitBytes } = await uploadLimitForRequest();
  const withFile = input.fileName !== undefined || input.size !== undefined;
  const parsed = withFile ? sendAnswersWithin(limitBytes).safeParse(input) : sendDetailsSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      limitBytes,
      errors: parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ""), message: issue.message })),
    };
  }
  const recipient =
    known?.recipient ??
    (await describeRecipient(access, parsed.data.recipient, parsed.data.workflowId).catch((error: unknown) => {
      if (!isMeshError(error)) throw error;
      // Check your answers says so; the send itself will tell.
      log.warn({ ...errorFields(error), mailboxId: access.mailbox.mailboxId }, "describing a recipient with MESH failed");
      return null;
    }));
  const answers: StoredAnswers = { ...parsed.data, recipientName: recipient?.name ?? null };
  const key = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SEND_KEY_MINUTES * 60_000);
  await createSendIntent(await getDb(), {
    keyHash: hashSendKey(key),
    mailboxId: access.mailbox.mailboxId,
    personId: access.user.id,
    answers,
    expiresAt,
  });
  return { ok: true, key, expiresAt, answers, arrives: asTheyWillArrive(answers), limitBytes, recipient };
}

/** The answers a key holds while this person may still send with it from this mailbox; null otherwise. */
export async function issuedAnswers(access: MailboxAccess, key: string): Promise<{ answers: StoredAnswers; expiresAt: Date } | null> {
  const intent = await findSendIntent(await getDb(), hashSendKey(key));
  const usable =
    intent?.mailboxId === access.mailbox.mailboxId &&
    intent.personId === access.user.id &&
    intent.state === "issued" &&
    intent.expiresAt > new Date();
  return usable ? { answers: intent.answers as StoredAnswers, expiresAt: intent.expiresAt } : null;
}
