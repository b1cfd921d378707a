import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { buttonClasses } from "@/components/nhs/button";
import { queryText } from "@/lib/http/url-text";
import { requireMailbox } from "@/lib/mailboxes/access";
import { recentRecipients } from "@/lib/mailboxes/recipients";
import { issuedAnswers } from "@/lib/mailboxes/send-intents";
import { uploadLimitForRequest } from "@/lib/mailboxes/upload-limit";
import { sendableWorkflows } from "@/lib/mailboxes/workflows";
import { MESH_WHAT_TO_TRY } from "@/lib/mailboxes/send-failures";
import { routes } from "@/lib/routes";
import { checkSendAnswers, checkWithoutScript, findRecipients } from "./actions";
import { SendFile } from "./send-file";
import { SendProblem } from "./send-problem";
import { OTHER_WORKFLOW, isSendProblemPage, sendProblemMessage } from "./send-rules";

export const metadata: Metadata = { title: "Send a file" };

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// `key`: a Change link from check your answers without JavaScript; `error`: why that send did not happen.
const querySchema = z.object({
  key: queryText(100),
  error: queryText(40),
  field: queryText(20),
  // MESH's codes are short: "02", "EPL-151"; anything else is dropped rather than shown.
  meshCode: queryText(20).transform((code) => (code && /^[A-Za-z0-9-]+$/.test(code) ? code : undefined)),
});

/** Send a file from this mailbox: with JavaScript the whole journey runs in the browser; without, check your answers is its own page. */
export default async function SendPage({ params, searchParams }: Props) {
  const access = await requireMailbox((await params).mailboxId);
  const query = querySchema.parse(await searchParams);
  const [workflows, recent, limit, kept] = await Promise.all([
    sendableWorkflows(access),
    recentRecipients(access),
    uploadLimitForRequest(),
    query.key ? issuedAnswers(access, query.key) : null,
  ]);
  const listed = kept && workflows.some((w) => w.workflowId === kept.answers.workflowId);
  const mailboxId = access.mailbox.mailboxId;
  if (isSendProblemPage(query.error, query.field)) {
    return (
      <div className="tablet:w-2/3">
        <SendProblem error={sendProblemMessage(query.error ?? "")} meshCode={query.meshCode} whatToTry={MESH_WHAT_TO_TRY}>
          <div className="flex flex-wrap items-baseline gap-x-6">
            {kept && query.key ? (
              <Link href={routes.sendCheck(mailboxId, query.key)} role="button" draggable={false} className={buttonClasses()}>
                Try again
              </Link>
            ) : (
              <Link href={routes.sendFile(mailboxId)} role="button" draggable={false} className={buttonClasses()}>
                Start again
              </Link>
            )}
            <Link href={routes.inbox(mailboxId)}>Go to your inbox</Link>
          </div>
        </SendProblem>
      </div>
    );
  }
  return (
    <div className="tablet:w-2/3">
      <SendFile
        mailboxId={mailboxId}
        workflows={workflows}
        recentRecipients={recent}
        limitBytes={limit.limitBytes}
        checkAnswers={checkSendAnswers.bind(null, mailboxId)}
        findRecipients={findRecipients.bind(null, mailboxId)}
        checkWithoutScript={checkWithoutScript.bind(null, mailboxId)}
        initial={
          kept
            ? {
                recipient: kept.answers.recipient,
                workflowChoice: listed ? kept.answers.workflowId : OTHER_WORKFLOW,
                otherWorkflow: listed ? "" : kept.answers.workflowId,
                subject: kept.answers.subject ?? "",
                localId: kept.answers.localId ?? "",
              }
            : undefined
        }
        sendProblem={query.error ? sendProblemMessage(query.error) : undefined}
      />
    </div>
  );
}
