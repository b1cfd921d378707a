import type { Metadata } from "next";
import { requireMailbox } from "@/lib/mailboxes/access";
import { recentRecipients } from "@/lib/mailboxes/recipients";
import { uploadLimitForRequest } from "@/lib/mailboxes/upload-limit";
import { sendableWorkflows } from "@/lib/mailboxes/workflows";
import { checkSendAnswers, findRecipients } from "./actions";
import { SendFile } from "./send-file";

export const metadata: Metadata = { title: "Send a file" };

type Props = { params: Promise<{ mailboxId: string }> };

/** Send a file from this mailbox: the questions, check your answers and the upload run in the browser. */
export default async function SendPage({ params }: Props) {
  const access = await requireMailbox((await params).mailboxId);
  const [workflows, recent, limit] = await Promise.all([sendableWorkflows(access), recentRecipients(access), uploadLimitForRequest()]);
  return (
    <div className="tablet:w-2/3">
      <SendFile
        mailboxId={access.mailbox.mailboxId}
        workflows={workflows}
        recentRecipients={recent}
        limitBytes={limit.limitBytes}
        checkAnswers={checkSendAnswers.bind(null, access.mailbox.mailboxId)}
        findRecipients={findRecipients.bind(null, access.mailbox.mailboxId)}
      />
    </div>
  );
}
