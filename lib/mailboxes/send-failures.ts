import { isMeshError } from "@/lib/mesh";
import { fileTooLargeMessage } from "./send-answers";

/** Why a send did not happen, in words for the person and a code for the page that shows it. */
export type SendFailure = {
  code:
    | "cross-site"
    | "key-unknown"
    | "key-expired"
    | "key-in-progress"
    | "answers-invalid"
    | "file-name-invalid"
    | "file-too-large"
    | "file-empty"
    | "file-differs"
    | "upload-incomplete"
    | "checksum-mismatch"
    | "mesh-refused"
    | "mesh-unreachable";
  status: number;
  error: string;
  /** The answer to change: `recipient` or `workflowId` when MESH refused it. */
  field?: "recipient" | "workflowId" | "file";
  meshCode?: string;
  whatToTry?: string;
  limitBytes?: number;
};

/** What to try when MESH did not answer or refused for a reason the person cannot fix in the form. */
export const MESH_WHAT_TO_TRY = "Try again in a few minutes. If it keeps happening, contact your IT service desk and quote the MESH code.";

export const failures = {
  crossSite: (): SendFailure => ({
    code: "cross-site",
    status: 403,
    error: "The file was not sent: the request did not come from Mailroom.",
  }),
  keyUnknown: (): SendFailure => ({
    code: "key-unknown",
    status: 409,
    error: "These answers are not known. Check your answers again before sending.",
  }),
  keyExpired: (): SendFailure => ({
    code: "key-expired",
    status: 409,
    error: "Your answers were checked too long ago. Check your answers again before sending.",
  }),
  keyInProgress: (): SendFailure => ({
    code: "key-in-progress",
    status: 409,
    error: "This file is already being sent. Wait for that upload to finish.",
  }),
  answersInvalid: (error: string): SendFailure => ({ code: "answers-invalid", status: 400, error }),
  /** The name of a file chosen on the form without JavaScript, which only the upload tells. */
  fileNameInvalid: (error: string): SendFailure => ({ code: "file-name-invalid", status: 400, error, field: "file" }),
  tooLarge: (limitBytes: number): SendFailure => ({
    code: "file-too-large",
    status: 413,
    error: fileTooLargeMessage(limitBytes),
    field: "file",
    limitBytes,
  }),
  empty: (): SendFailure => ({ code: "file-empty", status: 400, error: "The selected file is empty", field: "file" }),
  differs: (detail: string): SendFailure => ({
    code: "file-differs",
    status: 400,
    error: `The file uploaded is not the one you checked (${detail}). Choose the file again.`,
    field: "file",
  }),
  incomplete: (): SendFailure => ({
    code: "upload-incomplete",
    status: 400,
    error: "The upload stopped before the whole file arrived, so nothing was sent. Check your connection and send it again.",
  }),
  checksum: (): SendFailure => ({
    code: "checksum-mismatch",
    status: 422,
    error: "The file changed on the way to Mailroom (its SHA-256 is different), so nothing was sent. Send it again.",
    field: "file",
  }),
};

/** What MESH's refusal or silence means for the person; unknown errors are rethrown. */
export function meshFailure(error: unknown): SendFailure {
  if (!isMeshError(error)) throw error;
  const meshCode = error.code;
  if (error.kind === "unknown-recipient") {
    return {
      code: "mesh-refused",
      status: 422,
      field: "recipient",
      meshCode,
      error: "There is no MESH mailbox with this ID. Check the recipient's mailbox ID.",
    };
  }
  if (error.kind === "workflow-not-permitted") {
    // docs/mesh-protocol.md: 16 is the sender's registration, 17 the recipient's.
    const whose =
      meshCode === "17" ? "The recipient's mailbox does not receive this workflow" : "Your mailbox is not registered to send this workflow";
    return {
      code: "mesh-refused",
      status: 422,
      field: "workflowId",
      meshCode,
      error: `${whose}. Choose another workflow, or ask the recipient which one to use.`,
    };
  }
  if (["unavailable", "timeout", "protocol"].includes(error.kind)) {
    return {
      code: "mesh-unreachable",
      status: 503,
      meshCode,
      error: "MESH could not be reached, so nothing was sent.",
      whatToTry: MESH_WHAT_TO_TRY,
    };
  }
  return { code: "mesh-refused", status: 502, meshCode, error: `MESH refused the file: ${error.message}`, whatToTry: MESH_WHAT_TO_TRY };
}
