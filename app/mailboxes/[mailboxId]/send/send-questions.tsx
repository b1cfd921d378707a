"use client";

import type { FormEvent } from "react";
import { Button } from "@/components/nhs/button";
import { ErrorSummary } from "@/components/nhs/error-summary";
import { Select } from "@/components/nhs/select";
import { TextInput } from "@/components/nhs/text-input";
import { LOCAL_ID_MAX, SUBJECT_MAX } from "@/lib/mailboxes/send-answers";
import type { FindResult } from "./actions";
import { FileDropZone } from "./file-drop-zone";
import { FindRecipient } from "./find-recipient";
import { FindRecipientWithoutScript } from "./find-recipient-without-script";
import { OTHER_WORKFLOW } from "./send-rules";

export type Draft = {
  recipient: string;
  workflowChoice: string;
  otherWorkflow: string;
  subject: string;
  localId: string;
  file: File | null;
};

export type DraftField = "recipient" | "workflowId" | "subject" | "localId" | "file";
export const FIELD_ORDER: readonly DraftField[] = ["recipient", "workflowId", "subject", "localId", "file"];

type Props = {
  draft: Draft;
  errors: Partial<Record<DraftField, string>>;
  workflows: { workflowId: string; name: string }[];
  recentRecipients: { mailboxId: string; name: string | null }[];
  limitBytes: number;
  busy: boolean;
  /** False before JavaScript runs: the file is then chosen on check your answers, which the server renders. */
  scripted: boolean;
  formAction: (form: FormData) => void;
  findRecipients: (query: { odsCode: string; workflowId: string }) => Promise<FindResult>;
  /** Without JavaScript: the search the form came back from. */
  searched?: { odsCode: string; result: FindResult };
  onChange: (patch: Partial<Draft>, fileProblem?: string) => void;
  onContinue: () => void;
};

/** The questions: who to, which workflow, the optional subject and local ID, and the file. */
export function SendQuestions({
  draft,
  errors,
  workflows,
  recentRecipients,
  limitBytes,
  busy,
  scripted,
  formAction,
  findRecipients,
  searched,
  onChange,
  onContinue,
}: Props) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onContinue();
  };
  const workflowOptions = [
    { value: "", label: "Choose a workflow" },
    ...workflows.map((w) => ({ value: w.workflowId, label: `${w.name} (${w.workflowId})` })),
    { value: OTHER_WORKFLOW, label: "Another workflow ID" },
  ];
  return (
    <form action={formAction} onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} order={FIELD_ORDER} />
      <TextInput
        id="recipient"
        label="Recipient's mailbox ID"
        hint="The MESH mailbox ID of the organisation you are sending to, for example Y90001OT"
        value={draft.recipient}
        onChange={(event) => onChange({ recipient: event.target.value })}
        error={errors.recipient}
        width="20ch"
        autoComplete="off"
        spellCheck={false}
        list={recentRecipients.length > 0 ? "recent-recipients" : undefined}
      />
      {recentRecipients.length > 0 && (
        <datalist id="recent-recipients">
          {recentRecipients.map((r) => (
            <option key={r.mailboxId} value={r.mailboxId}>
              {r.name ?? r.mailboxId}
            </option>
          ))}
        </datalist>
      )}
      {scripted && (
        <FindRecipient
          workflowId={draft.workflowChoice === OTHER_WORKFLOW ? draft.otherWorkflow : draft.workflowChoice}
          recent={recentRecipients}
          find={findRecipients}
          onChoose={(mailboxId) => {
            onChange({ recipient: mailboxId });
            document.getElementById("recipient")?.focus();
          }}
        />
      )}
      <Select
        id="workflowId"
        label="Workflow"
        hint="What kind of file this is, as the recipient's system expects it"
        options={workflowOptions}
        value={draft.workflowChoice}
        onChange={(event) => onChange({ workflowChoice: event.target.value })}
        error={draft.workflowChoice === OTHER_WORKFLOW ? undefined : errors.workflowId}
      />
      {(draft.workflowChoice === OTHER_WORKFLOW || !scripted) && (
        <TextInput
          id="workflowId-other"
          label={scripted ? "Workflow ID" : "Or another workflow ID"}
          hint="As the recipient gave it to you"
          value={draft.otherWorkflow}
          onChange={(event) => onChange({ otherWorkflow: event.target.value })}
          error={errors.workflowId}
          spellCheck={false}
        />
      )}
      <TextInput
        id="subject"
        label="Subject (optional)"
        hint={`Up to ${SUBJECT_MAX} characters`}
        value={draft.subject}
        onChange={(event) => onChange({ subject: event.target.value })}
        error={errors.subject}
      />
      <TextInput
        id="localId"
        label="Local ID (optional)"
        hint={`Your own reference for this file, up to ${LOCAL_ID_MAX} characters. Never put patient details here.`}
        value={draft.localId}
        onChange={(event) => onChange({ localId: event.target.value })}
        error={errors.localId}
        width="30ch"
      />
      {scripted ? (
        <FileDropZone
          id="file"
          limitBytes={limitBytes}
          file={draft.file}
          error={errors.file}
          onChange={(file, problem) => onChange({ file }, problem)}
        />
      ) : (
        <p className="nhsuk-body">You choose the file on the next page, after checking your answers.</p>
      )}
      <Button type="submit" disabled={busy}>
        Continue
      </Button>
      {!scripted && <FindRecipientWithoutScript recent={recentRecipients} searched={searched} />}
    </form>
  );
}
