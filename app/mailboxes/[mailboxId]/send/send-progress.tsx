"use client";

import { Button } from "@/components/nhs/button";
import { formatBytes } from "@/lib/mailboxes/send-answers";
import { announcedPercent, secondsLeft, type Progress } from "./send-rules";

/** A native progress bar with bytes and time left, a live region, and Cancel. */
export function SendProgress({
  fileName,
  progress,
  now,
  onCancel,
}: {
  fileName: string;
  progress: Progress;
  now: number;
  onCancel: () => void;
}) {
  const percent = progress.total > 0 ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : 0;
  const left = secondsLeft(progress, now);
  return (
    <>
      <h1>Sending {fileName}</h1>
      <label htmlFor="upload-progress" className="nhsuk-label nhsuk-u-font-weight-bold">
        {`${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} sent`}
        {left !== null && (
          <span className="nhsuk-u-font-weight-normal">{`, about ${left < 60 ? `${left} seconds` : `${Math.ceil(left / 60)} minutes`} left`}</span>
        )}
      </label>
      <progress id="upload-progress" value={percent} max={100} className="mb-6 h-6 w-full">
        {percent}%
      </progress>
      <p role="status" aria-live="polite" className="nhsuk-u-visually-hidden">
        {`${announcedPercent(percent)} percent sent`}
      </p>
      <p>Keep this page open until the file has been sent.</p>
      <Button type="button" variant="secondary" onClick={onCancel}>
        Cancel sending
      </Button>
    </>
  );
}
