import type { Metadata } from "next";
import { z } from "zod";
import { queryText } from "@/lib/http/url-text";
import { requireMailbox } from "@/lib/mailboxes/access";
import { recentRecipients } from "@/lib/mailboxes/recipients";
import { issuedAnswers } from "@/lib/mailboxes/send-intents";
import { uploadLimitForRequest } from "@/lib/mailboxes/upload-limit";
import { sendableWorkflows } from "@/lib/mailboxes/workflows";
import { checkSendAnswers, checkWithoutScript, findRecipients } from "./actions";
import { SendFile } from "./send-file";
import { OTHER_WORKFLOW, sendProblemMessage } from "./send-rules";

export const metadata: Metadata = { title: "Send a file" };

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// `key`: a Change link from check your answers without JavaScript; `error`: why that send did not happen.
const querySchema = z.object({ key: queryText(100), error: queryText(40) });

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
