import { FILE_NAME_MAX, fileTooLargeMessage } from "@/lib/mailboxes/send-answers";

/*
 * The send page's small rules, kept apart from its components so they can be tested on their own.
 */

/** The workflow choice that asks for a workflow ID typed in. */
export const OTHER_WORKFLOW = "__other__";

/** "Another workflow ID" was chosen and its box left empty: the person did choose, so ask for the ID. */
export function workflowIdMissing(choice: string, other: string): string | undefined {
  return choice === OTHER_WORKFLOW && other.trim() === "" ? "Enter the workflow ID" : undefined;
}

/** Why a choice cannot be sent, in the words the error summary and the field both show. */
export function fileProblem(files: readonly File[], limitBytes: number): string | undefined {
  if (files.length === 0) return "Select a file to send";
  if (files.length > 1) return "You can only send one file at a time";
  const [file] = files as [File];
  if (file.size === 0) return "The selected file is empty";
  if (file.size > limitBytes) return fileTooLargeMessage(limitBytes);
  return undefined;
}

export type Progress = { loaded: number; total: number; startedAt: number };

/** Seconds left at the pace so far; null until there is a pace to go by. */
export function secondsLeft({ loaded, total, startedAt }: Progress, now: number): number | null {
  const elapsed = (now - startedAt) / 1000;
  if (loaded <= 0 || elapsed < 1) return null;
  return Math.max(0, Math.round(((total - loaded) / loaded) * elapsed));
}

/** Announced to screen readers at most every 10 percent, so they are told without being flooded. */
export function announcedPercent(percent: number): number {
  return Math.floor(percent / 10) * 10;
}

/** What the send page says when a send without JavaScript came back refused (the route's failure codes). */
export function sendProblemMessage(code: string): string {
  switch (code) {
    case "file-too-large":
      return "The file was not sent: it is larger than you may send from here. Choose a smaller file.";
    case "file-empty":
      return "The file was not sent: the selected file is empty.";
    case "file-name-invalid":
      return `The file was not sent: its name is longer than ${FILE_NAME_MAX} characters once written in characters MESH can carry, or holds a line break. Rename the file on your computer and choose it again.`;
    case "mesh-refused":
      return "MESH refused the file. Check the recipient's mailbox ID and the workflow with them, then try again.";
    case "mesh-unreachable":
      return "The file was not sent: MESH could not be reached. Try again in a few minutes.";
    case "key-expired":
    case "key-unknown":
      return "The file was not sent: your answers were checked too long ago. Check them again.";
    default:
      return "The file was not sent. Check your answers and try again.";
  }
}

/** The failures that get a problem page of their own (MESH silent, or refusing for no field's reason) rather than a field's error. */
export function isSendProblemPage(code: string | undefined, field: string | undefined): boolean {
  return code === "mesh-unreachable" || (code === "mesh-refused" && !field);
}
