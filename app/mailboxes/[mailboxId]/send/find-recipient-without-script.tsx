import type { ReactNode } from "react";
import { TextInput } from "@/components/nhs/text-input";
import type { FindResult } from "./actions";

type Recipient = { mailboxId: string; name: string | null };

type Props = {
  recent: Recipient[];
  /** The last search, when the form came back from one. */
  searched?: { odsCode: string; result: FindResult };
};

/**
 * "Find a mailbox ID" for a browser without JavaScript: its buttons submit the whole form, so the
 * answers typed so far come back with the results, and "Use …" comes back with the recipient filled in.
 * It sits after "Continue", so Enter in a field still means continue.
 */
export function FindRecipientWithoutScript({ recent, searched }: Props) {
  const result = searched?.result;
  return (
    <details className="nhsuk-details" open={searched ? true : undefined}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Find a mailbox ID</span>
      </summary>
      <div className="nhsuk-details__text">
        {recent.length > 0 && <Choices title="Sent to recently" list={recent} />}
        <h3 className="nhsuk-heading-s">Search MESH</h3>
        <p>
          Choose the workflow above first. Give the organisation&apos;s ODS code to see only its mailboxes, or leave it empty to see every
          mailbox that takes the workflow.
        </p>
        <TextInput id="find-ods" label="ODS code (optional)" defaultValue={searched?.odsCode ?? ""} width="10ch" spellCheck={false} />
        <SubmitButton name="find" value="search">
          Search for mailboxes
        </SubmitButton>
        {result && !result.ok && <p className="nhsuk-error-message">{result.error}</p>}
        {result?.ok && result.recipients.length === 0 && <p>No mailbox found. Check the ODS code and the workflow with the recipient.</p>}
        {result?.ok && result.recipients.length > 0 && <Choices title={`${result.recipients.length} found`} list={result.recipients} />}
      </div>
    </details>
  );
}

function Choices({ title, list }: { title: string; list: Recipient[] }) {
  return (
    <>
      <h3 className="nhsuk-heading-s">{title}</h3>
      <ul className="nhsuk-list">
        {list.map((r) => (
          <li key={r.mailboxId}>
            <SubmitButton name="useRecipient" value={r.mailboxId} small>
              Use {r.mailboxId}
              <span className="nhsuk-u-visually-hidden"> ({r.name ?? "no name"})</span>
            </SubmitButton>{" "}
            {r.name ?? ""}
          </li>
        ))}
      </ul>
    </>
  );
}

function SubmitButton({ name, value, small, children }: { name: string; value: string; small?: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={`nhsuk-button nhsuk-button--secondary${small ? " nhsuk-button--small mb-0" : ""}`}
    >
      {children}
    </button>
  );
}
