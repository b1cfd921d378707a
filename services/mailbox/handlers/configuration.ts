import type { Ctx } from "../context";
import type { DeliveryRule, Mailbox } from "../directory";
import { sendJson } from "../http-util";

/**
 * Whether a delivery rule touches this mailbox: it is the rule's sender, recipient or target, or the
 * rule names only a workflow the mailbox may use.
 */
function applies(rule: DeliveryRule, mailbox: Mailbox): boolean {
  const id = mailbox.mailboxId;
  if (rule.kind === "redirect") return rule.ifRecipient === id || rule.redirectTo === id;
  if (rule.ccTo === id || rule.ifSender === id || rule.ifRecipient === id) return true;
  if (rule.ifSender !== undefined || rule.ifRecipient !== undefined || rule.workflowId === undefined) return false;
  return mailbox.workflows === undefined || mailbox.workflows.has(rule.workflowId);
}

function ruleJson(rule: DeliveryRule) {
  return rule.kind === "redirect"
    ? { kind: "redirect", redirect_to_mailbox_id: rule.redirectTo, redirect_if_recipient: rule.ifRecipient }
    : {
        kind: "cc",
        cc_to_mailbox_id: rule.ccTo,
        cc_if_sender: rule.ifSender ?? null,
        cc_if_recipient: rule.ifRecipient ?? null,
        workflow_id: rule.workflowId ?? null,
      };
}

/**
 * Mailroom's read-only view of the authenticated mailbox's own configuration: the workflows it may
 * send and receive (codes 16 and 17 check the same list both ways; `any` when it has none) and the
 * CC and redirect rules that apply to it. Not part of MESH: a real MESH answers this path with 404.
 */
export function mailboxConfiguration(ctx: Ctx): void {
  const mailbox = ctx.mailbox!;
  const workflows = mailbox.workflows ? [...mailbox.workflows].sort() : [];
  sendJson(
    ctx.res,
    200,
    {
      mailbox_id: mailbox.mailboxId,
      mailbox_name: mailbox.mailboxName,
      workflows: { any: mailbox.workflows === undefined, send: workflows, receive: workflows },
      rules: ctx.app.directory.rules.filter((rule) => applies(rule, mailbox)).map(ruleJson),
    },
    "application/json",
  );
}
