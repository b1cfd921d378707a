"use client";

import { useState } from "react";
import { Button } from "@/components/nhs/button";
import { TextInput } from "@/components/nhs/text-input";
import type { FindResult } from "./actions";

type Recipient = { mailboxId: string; name: string | null };

type Props = {
  workflowId: string;
  recent: Recipient[];
  find: (query: { odsCode: string; workflowId: string }) => Promise<FindResult>;
  onChoose: (mailboxId: string) => void;
};

/**
 * Finding the recipient's mailbox ID without leaving the form: this mailbox's recent recipients
 * first, then a search by ODS code and workflow, or by workflow alone.
 */
export function FindRecipient({ workflowId, recent, find, onChoose }: Props) {
  const [odsCode, setOdsCode] = useState("");
  const [result, setResult] = useState<FindResult | null>(null);
  const [busy, setBusy] = useState(false);
  const search = async () => {
    setBusy(true);
    try {
      setResult(await find({ odsCode, workflowId }));
    } finally {
      setBusy(false);
    }
  };
  const choices = (title: string, list: Recipient[]) => (
    <>
      <h2 className="nhsuk-heading-s">{title}</h2>
      <ul className="nhsuk-list">
        {list.map((r) => (
          <li key={r.mailboxId}>
            <button
              type="button"
              onClick={() => onChoose(r.mailboxId)}
              className={"nhsuk-button nhsuk-button--secondary nhsuk-button--small mb-0"}
            >
              Use {r.mailboxId}
              <span className="nhsuk-u-visually-hidden"> ({r.name ?? "no name"})</span>
            </button>{" "}
            {r.name ?? ""}
          </li>
        ))}
      </ul>
    </>
  );
  return (
    <details className="nhsuk-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Find a mailbox ID</span>
      </summary>
      <div className="nhsuk-details__text">
        {recent.length > 0 && choices("Sent to recently", recent)}
        <h2 className="nhsuk-heading-s">Search MESH</h2>
        <p>
          Choose the workflow below first. Give the organisation&apos;s ODS code to see only its mailboxes, or leave it empty to see every
          mailbox that takes the workflow.
        </p>
        <TextInput
          id="find-ods"
          label="ODS code (optional)"
          value={odsCode}
          onChange={(event) => setOdsCode(event.target.value)}
          width="10ch"
          spellCheck={false}
        />
        <Button type="button" variant="secondary" onClick={search} disabled={busy}>
          Search for mailboxes
        </Button>
        <div role="status" aria-live="polite">
          {result && !result.ok && <p className="nhsuk-error-message">{result.error}</p>}
          {result?.ok && result.recipients.length === 0 && <p>No mailbox found. Check the ODS code and the workflow with the recipient.</p>}
          {result?.ok && result.recipients.length > 0 && choices(`${result.recipients.length} found`, result.recipients)}
        </div>
      </div>
    </details>
  );
}
