import { InsetText } from "@/components/nhs/inset-text";
import { Table, Td, Th } from "@/components/nhs/table";
import type { MeshOwned } from "@/lib/mailboxes/settings";
import { CONNECTION_WORDS, ruleSentence } from "@/lib/mailboxes/settings-words";

/** What MESH owns about the mailbox, read-only: its workflows and the CC and redirect rules that apply to it. */
export function MeshOwnedSection({ owned, mailboxId }: { owned: MeshOwned; mailboxId: string }) {
  return (
    <section aria-labelledby="mesh-owned">
      <h2 id="mesh-owned">Set by MESH</h2>
      {owned.kind === "managed-by-mesh" && (
        <p>
          The MESH service team manages the workflows this mailbox may send and receive, and any CC or redirect rules that apply to it. To
          change them, contact the MESH service team.
        </p>
      )}
      {owned.kind === "unavailable" && (
        <InsetText>
          <p>
            Mailroom could not read the workflows and rules from MESH just now ({CONNECTION_WORDS[owned.outcome].inSentence}). Try again
            later.
          </p>
        </InsetText>
      )}
      {owned.kind === "shown" && (
        <>
          <p>These come from the MESH mailbox server. They cannot be changed in Mailroom.</p>
          {owned.anyWorkflow ? (
            <p>This mailbox may send and receive messages in any workflow.</p>
          ) : owned.workflows.length === 0 ? (
            <p>This mailbox may not send or receive messages in any workflow.</p>
          ) : (
            <Table caption="Workflows this mailbox may send and receive" head={<WorkflowHead />}>
              {owned.workflows.map((workflow) => (
                <tr key={workflow.workflowId} className="nhsuk-table__row">
                  <Td>{workflow.name ?? "Not in Mailroom's list"}</Td>
                  <Td>
                    <code>{workflow.workflowId}</code>
                  </Td>
                  <Td>{workflow.send ? "Yes" : "No"}</Td>
                  <Td>{workflow.receive ? "Yes" : "No"}</Td>
                </tr>
              ))}
            </Table>
          )}
          <h3>CC and redirect rules</h3>
          {owned.rules.length === 0 ? (
            <p>No CC or redirect rules apply to this mailbox.</p>
          ) : (
            <ul className="nhsuk-list nhsuk-list--bullet">
              {owned.rules.map((rule, i) => (
                <li key={i}>{ruleSentence(rule, mailboxId)}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function WorkflowHead() {
  return (
    <>
      <Th>Workflow</Th>
      <Th>Workflow ID</Th>
      <Th>Send</Th>
      <Th>Receive</Th>
    </>
  );
}
