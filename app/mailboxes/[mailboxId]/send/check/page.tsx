import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Button } from "@/components/nhs/button";
import { FileUpload } from "@/components/nhs/file-upload";
import { SummaryList } from "@/components/nhs/summary-list";
import { queryText } from "@/lib/http/url-text";
import { requireMailbox } from "@/lib/mailboxes/access";
import { asTheyWillArrive, formatBytes } from "@/lib/mailboxes/send-answers";
import { issuedAnswers } from "@/lib/mailboxes/send-intents";
import { uploadLimitForRequest } from "@/lib/mailboxes/upload-limit";
import { workflowName } from "@/lib/mailboxes/workflows";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Check your answers before sending your file" };

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const querySchema = z.object({ key: queryText(100) });

/**
 * Check your answers for a browser without JavaScript (ADR 0013): the answers come from the send
 * key's record, and the file is chosen here, in a form that posts it to the streaming form route.
 */
export default async function CheckWithoutScriptPage({ params, searchParams }: Props) {
  const access = await requireMailbox((await params).mailboxId);
  const { key } = querySchema.parse(await searchParams);
  const kept = key ? await issuedAnswers(access, key) : null;
  if (!key || !kept) notFound();
  const mailboxId = access.mailbox.mailboxId;
  const { answers } = kept;
  const arrives = asTheyWillArrive(answers);
  const [name, limit] = await Promise.all([workflowName(access, answers.workflowId), uploadLimitForRequest()]);
  const change = (what: string) => (
    <Link href={routes.sendFile(mailboxId, { key })}>
      Change<span className="nhsuk-u-visually-hidden"> {what}</span>
    </Link>
  );
  return (
    <div className="tablet:w-2/3">
      <h1>Check your answers before sending your file</h1>
      <SummaryList
        rows={[
          { key: "Recipient", value: `${answers.recipientName ?? "Mailbox"} (${answers.recipient})`, action: change("the recipient") },
          { key: "Workflow", value: name ? `${name} (${answers.workflowId})` : answers.workflowId, action: change("the workflow") },
          { key: "Subject", value: arrives.subject ?? "None", action: change("the subject") },
          { key: "Local ID", value: answers.localId ?? "None", action: change("the local ID") },
        ]}
      />
      <h2 className="nhsuk-heading-m">Now choose and send your file</h2>
      <form method="post" action={routes.outboxForm(mailboxId)} encType="multipart/form-data">
        {/* The key comes first: the route checks it before it reads any of the file. */}
        <input type="hidden" name="sendKey" value={key} />
        <FileUpload id="file" label="Upload a file" hint={`One file, up to ${formatBytes(limit.limitBytes)}.`} />
        <p>The file goes to the recipient&apos;s MESH inbox, where it waits for up to 5 days for them to collect it.</p>
        <Button type="submit">Send file</Button>
      </form>
    </div>
  );
}
