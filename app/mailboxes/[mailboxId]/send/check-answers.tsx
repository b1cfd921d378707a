"use client";

import { Button } from "@/components/nhs/button";
import { SummaryList } from "@/components/nhs/summary-list";
import { formatBytes } from "@/lib/mailboxes/send-answers";
import type { DraftField } from "./send-questions";

export type CheckedAnswers = {
  recipient: { mailboxId: string; name: string | null; organisation: string | null };
  workflow: { workflowId: string; name: string | null };
  subject?: string;
  localId?: string;
  /** The file name as MESH headers will carry it. */
  fileName: string;
  size: number;
  sendKey: string;
};

type Props = {
  answers: CheckedAnswers;
  sha256: string | null;
  onChange: (field: DraftField) => void;
  onSend: () => void;
};

/** Every answer with a Change link, the file's SHA-256, and the one button that sends. */
export function CheckAnswers({ answers, sha256, onChange, onSend }: Props) {
  const change = (field: DraftField, what: string) => (
    <button
      type="button"
      onClick={() => onChange(field)}
      className="cursor-pointer border-0 bg-transparent p-0 text-blue underline hover:no-underline focus-visible:focus-text"
    >
      Change<span className="nhsuk-u-visually-hidden"> {what}</span>
    </button>
  );
  const { recipient, workflow } = answers;
  return (
    <>
      <h1>Check your answers before sending your file</h1>
      <SummaryList
        rows={[
          {
            key: "Recipient",
            value: (
              <>
                <span className="block">{recipient.name ?? "Mailbox"}</span>
                {recipient.organisation && recipient.organisation !== recipient.name && (
                  <span className="block">{recipient.organisation}</span>
                )}
                <code>{recipient.mailboxId}</code>
              </>
            ),
            action: change("recipient", "the recipient"),
          },
          {
            key: "Workflow",
            value: (
              <>
                {workflow.name && <span className="block">{workflow.name}</span>}
                <code className="break-all">{workflow.workflowId}</code>
              </>
            ),
            action: change("workflowId", "the workflow"),
          },
          { key: "Subject", value: answers.subject ?? "None", action: change("subject", "the subject") },
          { key: "Local ID", value: answers.localId ?? "None", action: change("localId", "the local ID") },
          {
            key: "File",
            value: <span className="wrap-anywhere">{`${answers.fileName} (${formatBytes(answers.size)})`}</span>,
            action: change("file", "the file"),
          },
          {
            key: "SHA-256 checksum",
            value: sha256 ? <code className="break-all">{sha256}</code> : <span role="status">Calculating…</span>,
          },
        ]}
      />
      <h2 className="nhsuk-heading-m">Now send your file</h2>
      <p>The file goes to the recipient&apos;s MESH inbox, where it waits for up to 5 days for them to collect it.</p>
      <Button type="button" onClick={onSend} disabled={!sha256}>
        Send file
      </Button>
    </>
  );
}
