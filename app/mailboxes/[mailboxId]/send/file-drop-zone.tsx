"use client";

import { useState } from "react";
import { useDropzone, type FileRejection } from "react-dropzone";
import { buttonClasses } from "@/components/nhs/button";
import { ErrorMessage } from "@/components/nhs/error-message";
import { FormGroup, Label } from "@/components/nhs/form-group";
import { Hint } from "@/components/nhs/hint";
import { cn } from "@/components/nhs/class-names";
import { formatBytes } from "@/lib/mailboxes/send-answers";
import { fileProblem } from "./send-rules";

type Props = {
  /** The id the error summary links to: the "Choose file" button, the control that takes focus. */
  id: string;
  limitBytes: number;
  file: File | null;
  error?: string;
  onChange: (file: File | null, problem?: string) => void;
};

/**
 * A real file input, enhanced by react-dropzone: a "Choose file" button opens the browser's own file
 * chooser, dropping a file does the same as choosing it, and a live region says what happened.
 * Dropping is never the only way in (WCAG 2.2 2.5.7).
 */
export function FileDropZone({ id, limitBytes, file, error, onChange }: Props) {
  const [announcement, setAnnouncement] = useState("");
  const choose = (accepted: File[], rejected: FileRejection[]) => {
    const all = [...accepted, ...rejected.map((rejection) => rejection.file)];
    const problem = fileProblem(all, limitBytes);
    onChange(problem ? null : (all[0] ?? null), problem);
    setAnnouncement(problem ?? `${all[0]?.name} chosen`);
  };
  const { getRootProps, getInputProps, open, isDragActive } = useDropzone({
    onDrop: choose,
    multiple: false,
    maxFiles: 0, // checked in `choose`, so a second file gets our words, not the library's
    noClick: true,
    noKeyboard: true,
    onDragEnter: () => setAnnouncement("Entered drop zone"),
    onDragLeave: () => setAnnouncement("Left drop zone"),
  });
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id}>Upload a file</Label>
      <Hint id={hintId}>{`One file, up to ${formatBytes(limitBytes)}. Drag and drop it here, or choose it.`}</Hint>
      {error && <ErrorMessage id={errorId}>{error}</ErrorMessage>}
      <div
        data-testid="drop-zone"
        {...getRootProps({
          className: cn(
            "flex flex-wrap items-center gap-4 border-2 border-dashed bg-white p-4",
            isDragActive ? "border-blue" : "border-border",
            error && "border-error",
          ),
        })}
      >
        <input {...getInputProps({ name: "file", "aria-hidden": true, tabIndex: -1 })} />
        <button
          id={id}
          type="button"
          onClick={open}
          aria-describedby={[hintId, error ? errorId : "", `${id}-status`].filter(Boolean).join(" ")}
          className={buttonClasses("secondary", "mb-0 w-auto")}
        >
          Choose file
        </button>
        <span id={`${id}-status`} className="nhsuk-body mb-0 min-w-0 wrap-anywhere">
          {file ? `${file.name} (${formatBytes(file.size)})` : "No file chosen"}
          <span className="nhsuk-u-secondary-text-colour"> or drop file</span>
        </span>
      </div>
      <p role="status" aria-live="polite" className="nhsuk-u-visually-hidden">
        {announcement}
      </p>
    </FormGroup>
  );
}
