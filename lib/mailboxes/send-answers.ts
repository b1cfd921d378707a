import { z } from "zod";
import { hasControlCharacters, meshHeaderText } from "./mesh-header-text";

/*
 * The answers a person gives to send a file, as the server decides them. Pages use the same schema
 * (and its wording) for the browser's checks, which only help. Limits are MESH's header limits.
 */

/** Bytes in a megabyte, in every limit and size Mailroom shows (ADR 0013). */
export const MEGABYTE = 1_000_000;

/** "50 MB", "1.5 MB", "12 KB": sizes as people read them, in the same units as the limits. */
export function formatBytes(bytes: number): string {
  if (bytes >= MEGABYTE) return `${Number((bytes / MEGABYTE).toFixed(1))} MB`;
  if (bytes >= 1000) return `${Number((bytes / 1000).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** Mailbox ids are letters and digits, as MESH issues them. */
export const MAILBOX_ID = /^[A-Z0-9]{1,20}$/;
const WORKFLOW_ID = /^[A-Za-z0-9_.-]{1,300}$/;
const LATIN1 = /^[\x20-\x7e\xa0-\xff]*$/;
const CONTENT_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+$/;

export const SUBJECT_MAX = 500;
export const LOCAL_ID_MAX = 300;
export const FILE_NAME_MAX = 300;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label} must be ${max} characters or fewer` })
    .refine((value) => !hasControlCharacters(value), { error: `${label} must not contain line breaks or tabs` })
    .optional()
    .transform((value) => value || undefined);

export const recipientSchema = z
  .string({ error: "Enter the recipient's mailbox ID" })
  .trim()
  .toUpperCase()
  .min(1, { error: "Enter the recipient's mailbox ID" })
  .regex(MAILBOX_ID, { error: "A mailbox ID is up to 20 letters and numbers, like Y90001OT" });

export const workflowIdSchema = z
  .string({ error: "Choose a workflow" })
  .trim()
  .min(1, { error: "Choose a workflow" })
  .regex(WORKFLOW_ID, { error: "A workflow ID is up to 300 letters, numbers, dots, dashes and underscores" });

/** Everything but the file: what the send form and check your answers ask. */
export const sendDetailsSchema = z.object({
  recipient: recipientSchema,
  workflowId: workflowIdSchema,
  subject: optionalText(SUBJECT_MAX, "Subject").refine((value) => !value || meshHeaderText(value).length <= SUBJECT_MAX, {
    error: `Subject must be ${SUBJECT_MAX} characters or fewer once written in characters MESH can carry`,
  }),
  localId: optionalText(LOCAL_ID_MAX, "Local ID").refine((value) => !value || LATIN1.test(value), {
    error: "Local ID must use only letters, numbers and common punctuation",
  }),
});

/** The file, as the browser describes it before a byte is uploaded. */
export const fileDetailsSchema = z.object({
  fileName: z
    .string({ error: "Choose a file" })
    // A browser gives the base name; some old ones gave the whole path.
    .transform((value) => value.split(/[\\/]/).pop()?.trim() ?? "")
    .pipe(
      z
        .string()
        .min(1, { error: "Choose a file" })
        .refine((value) => !hasControlCharacters(value), { error: "The file name must not contain line breaks or tabs" })
        .refine((value) => meshHeaderText(value).length <= FILE_NAME_MAX, {
          error: `The file name must be ${FILE_NAME_MAX} characters or fewer once written in characters MESH can carry. Rename the file on your computer and choose it again`,
        }),
    ),
  size: z.coerce.number({ error: "Choose a file" }).int().min(1, { error: "The selected file is empty" }),
  contentType: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value && value.length <= 100 && CONTENT_TYPE.test(value) ? value.toLowerCase() : "application/octet-stream")),
  /** Computed in the browser; the upload must match it. */
  sha256: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, { error: "The file's SHA-256 must be 64 hexadecimal digits" })
    .optional(),
});

export const sendAnswersSchema = sendDetailsSchema.extend(fileDetailsSchema.shape);

export type SendDetails = z.output<typeof sendDetailsSchema>;
export type FileDetails = z.output<typeof fileDetailsSchema>;
export type SendAnswers = z.output<typeof sendAnswersSchema>;

/** The refusal for a file over the limit that applies to this person's network. */
export function fileTooLargeMessage(limitBytes: number): string {
  return `The selected file must be ${formatBytes(limitBytes)} or smaller`;
}

/** The answers with the limit of this request checked as well. */
export function sendAnswersWithin(limitBytes: number) {
  return sendAnswersSchema.refine((answers) => answers.size <= limitBytes, { error: fileTooLargeMessage(limitBytes), path: ["size"] });
}

/** The file name and subject as the recipient will see them (check your answers shows these). */
export function asTheyWillArrive(answers: { fileName?: string; subject?: string }): { fileName?: string; subject?: string } {
  return {
    fileName: answers.fileName === undefined ? undefined : meshHeaderText(answers.fileName),
    subject: answers.subject === undefined ? undefined : meshHeaderText(answers.subject),
  };
}
