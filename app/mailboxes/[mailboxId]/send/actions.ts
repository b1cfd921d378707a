"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireMailbox, type MailboxAccess } from "@/lib/mailboxes/access";
import { describeRecipient, findRecipientsByOds, findRecipientsByWorkflow, type Recipient } from "@/lib/mailboxes/recipients";
import { sendDetailsSchema } from "@/lib/mailboxes/send-answers";
import { prepareSend } from "@/lib/mailboxes/send-intents";
import { workflowName } from "@/lib/mailboxes/workflows";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";
import { isMeshError } from "@/lib/mesh/errors";
import type { CheckedAnswers } from "./check-answers";
import { routes } from "@/lib/routes";
import { OTHER_WORKFLOW, workflowIdMissing } from "./send-rules";
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
  // The caller may post anything: zod decides on the answers, and anything but an object has none.
  const answers = typeof input === "object" && input !== null && !Array.isArray(input) ? { ...input } : {};
  return checkAnswersFor(await requireMailbox(mailboxId), answers);
}

async function checkAnswersFor(access: MailboxAccess, input: Record<string, unknown>): Promise<CheckResult> {
  const details = sendDetailsSchema.safeParse(input);
  if (!details.success)
    return { ok: false, errors: fieldErrors(details.error.issues.map((i) => ({ field: String(i.path[0] ?? ""), message: i.message }))) };
  const { recipient: mailboxId, workflowId } = details.data;
  let recipient;
  try {
    recipient = await describeRecipient(access, mailboxId, workflowId);
  } catch (error) {
    if (!isMeshError(error)) throw error;
    log.warn({ ...errorFields(error), mailboxId: access.mailbox.mailboxId }, "checking a recipient with MESH failed");
    return { ok: false, errors: {}, problem: "MESH could not be reached to check the recipient. Try again in a few minutes." };
  }
  if (!recipient)
    return { ok: false, errors: { recipient: `There is no mailbox with the ID ${mailboxId}. Check the ID with the recipient.` } };
  if (!recipient.receivesWorkflow) {
    return {
      ok: false,
      errors: {
        workflowId: `Mailbox ${mailboxId} is not set up to receive workflow ${workflowId}. Check the workflow with the recipient.`,
      },
    };
  }
  const prepared = await prepareSend(access, input, { recipient });
  if (!prepared.ok) return { ok: false, errors: fieldErrors(prepared.errors) };
  const { answers, arrives, key } = prepared;
  return {
    ok: true,
    answers: {
      recipient: { mailboxId: recipient.mailboxId, name: recipient.name, organisation: recipient.organisation },
      workflow: { workflowId, name: await workflowName(access, workflowId) },
      subject: arrives.subject,
      localId: answers.localId,
      fileName: arrives.fileName ?? "",
      size: answers.size ?? 0,
      sendKey: key,
    },
  };
}

function fieldErrors(list: { field: string; message: string }[]): Partial<Record<DraftField, string>> {
  const errors: Partial<Record<DraftField, string>> = {};
  for (const { field, message } of list) errors[FIELD_OF[field] ?? "file"] ??= message;
  return errors;
}

export type NoScriptState = {
  errors: Partial<Record<DraftField, string>>;
  problem?: string;
  values: Record<string, string>;
  /** "Find a mailbox ID" without JavaScript: the search asked for and what MESH answered. */
  searched?: { odsCode: string; result: FindResult };
} | null;

/**
 * The same check when the browser runs no JavaScript: the form posts here (without the file, which a
 * file input cannot carry to another page), and check your answers is a page of its own.
 */
export async function checkWithoutScript(mailboxId: string, _previous: NoScriptState, form: FormData): Promise<NoScriptState> {
  const access = await requireMailbox(mailboxId);
  const text = (name: string) => {
    const value = form instanceof FormData ? form.get(name) : null;
    return typeof value === "string" ? value.slice(0, 1000) : "";
  };
  const chosen = text("workflowId");
  const values = {
    recipient: text("recipient"),
    workflowId: chosen,
    otherWorkflow: text("workflowId-other"),
    subject: text("subject"),
    localId: text("localId"),
  };
  const workflowId = chosen === OTHER_WORKFLOW || chosen === "" ? values.otherWorkflow : chosen;
  // The find buttons post the whole form, so the answers typed so far come back with what they found.
  const use = text("useRecipient");
  if (use) return { errors: {}, values: { ...values, recipient: use } };
  if (text("find")) {
    const odsCode = text("find-ods");
    return { errors: {}, values, searched: { odsCode, result: await findFor(access, { odsCode, workflowId }) } };
  }
  const result = await checkAnswersFor(access, {
    recipient: values.recipient,
    workflowId,
    subject: values.subject,
    localId: values.localId,
  });
  if (!result.ok) {
    const otherMissing = workflowIdMissing(chosen, values.otherWorkflow);
    return { errors: otherMissing ? { ...result.errors, workflowId: otherMissing } : result.errors, problem: result.problem, values };
  }
  redirect(routes.sendCheck(access.mailbox.mailboxId, result.answers.sendKey));
}

export type FindResult = { ok: true; recipients: Recipient[] } | { ok: false; error: string };

/** "Find a mailbox ID": by ODS code and workflow (MESH endpoint lookup), or by workflow alone (workflow search). */
const findQuerySchema = z
  .object({ odsCode: z.string().max(20).catch(""), workflowId: z.string().max(100).catch("") })
  .catch({ odsCode: "", workflowId: "" });

export async function findRecipients(mailboxId: string, query: { odsCode: string; workflowId: string }): Promise<FindResult> {
  return findFor(await requireMailbox(mailboxId), findQuerySchema.parse(query));
}

async function findFor(access: MailboxAccess, query: { odsCode: string; workflowId: string }): Promise<FindResult> {
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
