import { z } from "zod";

const id = z.string().min(1);
const optionalId = id.nullish().transform((v) => v ?? undefined);

/** A CC or redirect rule as the mailbox server states it; absent conditions match anything. */
export type DeliveryRule =
  | { kind: "cc"; ccTo: string; ifSender?: string; ifRecipient?: string; workflowId?: string }
  | { kind: "redirect"; redirectTo: string; ifRecipient: string };

const ruleSchema: z.ZodType<DeliveryRule, unknown> = z.discriminatedUnion("kind", [
  z
    .looseObject({
      kind: z.literal("cc"),
      cc_to_mailbox_id: id,
      cc_if_sender: optionalId,
      cc_if_recipient: optionalId,
      workflow_id: optionalId,
    })
    .transform((r) => ({
      kind: "cc" as const,
      ccTo: r.cc_to_mailbox_id,
      ifSender: r.cc_if_sender,
      ifRecipient: r.cc_if_recipient,
      workflowId: r.workflow_id,
    })),
  z
    .looseObject({ kind: z.literal("redirect"), redirect_to_mailbox_id: id, redirect_if_recipient: id })
    .transform((r) => ({ kind: "redirect" as const, redirectTo: r.redirect_to_mailbox_id, ifRecipient: r.redirect_if_recipient })),
]);

/** The answer of the embedded mailbox server's `/messageexchange/{mailbox}/mailroom/configuration`. */
export const mailboxConfigurationSchema = z
  .looseObject({
    mailbox_id: id,
    mailbox_name: z.string().nullish(),
    workflows: z.looseObject({ any: z.boolean(), send: z.array(id), receive: z.array(id) }),
    rules: z.array(ruleSchema),
  })
  .transform((c) => ({
    mailboxId: c.mailbox_id,
    mailboxName: c.mailbox_name ?? "",
    workflows: { any: c.workflows.any, send: c.workflows.send, receive: c.workflows.receive },
    rules: c.rules,
  }));

/** What the mailbox server says about one mailbox: the workflows it may use and the delivery rules that touch it. */
export type MailboxConfiguration = z.output<typeof mailboxConfigurationSchema>;
