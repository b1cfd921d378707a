"use server";

import { requireMailbox } from "@/lib/mailboxes/access";
import { describeRecipient, findRecipientsByOds, findRecipientsByWorkflow, type Recipient } from "@/lib/mailboxes/recipients";
import { prepareSend } from "@/lib/mailboxes/send-intents";
import { workflowName } from "@/lib/mailboxes/workflows";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";
import { isMeshError } from "@/lib/mesh/errors";
import type { CheckedAnswers } from "./check-answers";
import type { DraftField } from "./send-questions";

export type CheckInput = {
  recipient: string;
  workflowId: string;
  subject: string;
  localId: string;
  fileName: string;
  size: number;
  contentType: string;
};

export type CheckResult =
  { ok: true; answers: CheckedAnswers } | { ok: false; errors: Partial<Record<DraftField, string>>; problem?: string };

const FIELD_OF: Record<string, DraftField> = { recipient: "recipient", workflowId: "workflowId", subject: "subject", localId: "localId" };

/**
 * "Continue": the server decides the answers (zod, the limit for this person's network) and asks MESH
 * who the recipient is before a byte of the file is uploaded, so a typo shows here, not after a long
 * upload. On success it issues the send key the upload carries.
 */
export async function checkSendAnswers(mailboxId: string, input: CheckInput): Promise<CheckResult> {
  const access = await requireMailbox(mailboxId);
  try {
    const prepared = await prepareSend(access, { ...input });
    if (!prepared.ok) {
      const errors: Partial<Record<DraftField, string>> = {};
      for (const { field, message } of prepared.errors) errors[FIELD_OF[field] ?? "file"] ??= message;
      return { ok: false, errors };
    }
    const { answers, arrives, key } = prepared;
    const recipient = await describeRecipient(access, answers.recipient, answers.workflowId);
    if (!recipient)
      return { ok: false, errors: { recipient: `There is no mailbox with the ID ${answers.recipient}. Check the ID with the recipient.` } };
    if (!recipient.receivesWorkflow) {
      return {
        ok: false,
        errors: {
          workflowId: `Mailbox ${answers.recipient} is not set up to receive workflow ${answers.workflowId}. Check the workflow with the recipient.`,
        },
      };
    }
    return {
      ok: true,
      answers: {
        recipient: { mailboxId: recipient.mailboxId, name: recipient.name, organisation: recipient.organisation },
        workflow: { workflowId: answers.workflowId, name: await workflowName(access, answers.workflowId) },
        subject: arrives.subject,
        localId: answers.localId,
        fileName: arrives.fileName ?? input.fileName,
        size: input.size,
        sendKey: key,
      },
    };
  } catch (error) {
    if (!isMeshError(error)) throw error;
    log.warn({ ...errorFields(error), mailboxId: access.mailbox.mailboxId }, "checking a recipient with MESH failed");
    return { ok: false, errors: {}, problem: "MESH could not be reached to check the recipient. Try again in a few minutes." };
  }
}

export type FindResult = { ok: true; recipients: Recipient[] } | { ok: false; error: string };

/** "Find a mailbox ID": by ODS code and workflow (MESH endpoint lookup), or by workflow alone (workflow search). */
export async function findRecipients(mailboxId: string, query: { odsCode: string; workflowId: string }): Promise<FindResult> {
  const access = await requireMailbox(mailboxId);
  const workflowId = query.workflowId.trim();
  if (!workflowId) return { ok: false, error: "Choose the workflow first, then search" };
  try {
    const odsCode = query.odsCode.trim();
    const recipients = odsCode
      ? await findRecipientsByOds(access, odsCode, workflowId)
      : await findRecipientsByWorkflow(access, workflowId);
    return { ok: true, recipients };
  } catch (error) {
    if (!isMeshError(error)) throw error;
    log.warn({ ...errorFields(error), mailboxId: access.mailbox.mailboxId }, "finding recipients with MESH failed");
    return { ok: false, error: "MESH could not be reached to search for mailboxes. Try again in a few minutes." };
  }
}
