"use server";

import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { requireMailbox } from "@/lib/mailboxes/access";
import { checkSentNow } from "@/lib/mailboxes/sent-refresher";
import { routes } from "@/lib/routes";

const formSchema = z.object({ messageId: z.string().trim().min(1).max(100) });

/**
 * "Check now" on a sent message page. The mailbox id is bound by the page and checked again here;
 * a message id from the form body that this mailbox did not send is the ordinary 404.
 */
export async function checkNowAction(mailboxId: string, form: FormData): Promise<void> {
  const access = await requireMailbox(mailboxId);
  // Anyone can post anything to an action: only a form has a message id.
  const parsed = formSchema.safeParse({ messageId: form instanceof FormData ? form.get("messageId") : undefined });
  if (!parsed.success) notFound();
  const result = await checkSentNow(access, parsed.data.messageId);
  if (result === "not-found") notFound();
  redirect(routes.sentMessage(access.mailbox.mailboxId, parsed.data.messageId.toUpperCase(), { checked: result }));
}
