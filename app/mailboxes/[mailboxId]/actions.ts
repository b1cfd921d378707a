"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireMailbox } from "@/lib/mailboxes/access";
import { acknowledgeMessages } from "@/lib/mailboxes/acknowledge";
import { routes } from "@/lib/routes";

export type AcknowledgeState = { error?: string };

const idsSchema = z.array(z.string().trim().min(1).max(100)).max(500);

/** "Mark as received" for one message or a selection; the mailbox id is bound by the page and checked again here. */
export async function acknowledgeAction(mailboxId: string, _previous: AcknowledgeState, form: FormData): Promise<AcknowledgeState> {
  const access = await requireMailbox(mailboxId);
  // Anyone can post anything to an action: only a form has message ids.
  const parsed = idsSchema.safeParse(form instanceof FormData ? form.getAll("messageId").map(String) : []);
  const ids = parsed.success ? parsed.data : [];
  if (ids.length === 0) return { error: "Select at least one message to mark as received" };
  const outcome = await acknowledgeMessages(access, ids);
  if (outcome.failed.length > 0 && outcome.acknowledged.length === 0) {
    return { error: "Sorry, there is a problem with the service. The messages were not marked as received. Try again later." };
  }
  const done = outcome.acknowledged.length + outcome.alreadyGone.length;
  const failed = outcome.failed.length;
  redirect(routes.inbox(access.mailbox.mailboxId, { received: done, notReceived: failed || undefined }));
}
