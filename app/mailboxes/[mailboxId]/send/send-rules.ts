import { fileTooLargeMessage } from "@/lib/mailboxes/send-answers";

/*
 * The send page's small rules, kept apart from its components so they can be tested on their own.
 */

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
