import type { DeliveryRule } from "./directory";

export type Routing = { redirectTo?: string; ccTo: string[] };

/** Where a message goes under the delivery rules: redirect beats CC; each matching CC rule yields its own copy. */
export function route(rules: DeliveryRule[], sender: string, recipient: string, workflowId: string): Routing {
  const redirect = rules.find((r) => r.kind === "redirect" && r.ifRecipient === recipient);
  if (redirect && redirect.kind === "redirect") return { redirectTo: redirect.redirectTo, ccTo: [] };
  const ccTo: string[] = [];
  for (const r of rules) {
    if (r.kind !== "cc") continue;
    if (r.ifSender !== undefined && r.ifSender !== sender) continue;
    if (r.ifRecipient !== undefined && r.ifRecipient !== recipient) continue;
    if (r.workflowId !== undefined && r.workflowId !== workflowId) continue;
    ccTo.push(r.ccTo);
  }
  return { ccTo };
}
