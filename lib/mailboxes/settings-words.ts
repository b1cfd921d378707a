import type { ConnectionOutcome, DeliveryRule } from "@/lib/mesh";

/** What a connection test found, in plain words: a heading, the same inside a sentence, and what to do next. */
export const CONNECTION_WORDS: Record<ConnectionOutcome, { heading: string; inSentence: string; detail: string }> = {
  connected: { heading: "Connected", inSentence: "connected", detail: "MESH accepted this mailbox's credentials." },
  "not-authorised": {
    heading: "Wrong password or not authorised",
    inSentence: "wrong password or not authorised",
    detail: "MESH refused the mailbox ID and password. Check the mailbox password and replace it.",
  },
  "certificate-refused": {
    heading: "Certificate refused",
    inSentence: "certificate refused",
    detail:
      "The secure connection to MESH failed: MESH refused the client certificate, or the certificate does not match its key. Check them and replace them.",
  },
  unreachable: {
    heading: "MESH unreachable",
    inSentence: "MESH unreachable",
    detail:
      "Mailroom could not reach MESH. Try again later. If it keeps happening, ask whoever runs Mailroom to check its connection to MESH.",
  },
  "timed-out": { heading: "Timed out", inSentence: "timed out", detail: "MESH did not answer in time. Try again later." },
  failed: {
    heading: "The test did not work",
    inSentence: "an answer Mailroom did not expect",
    detail:
      "MESH gave an answer Mailroom did not expect. Try again later. If it keeps happening, ask whoever runs Mailroom to look at its logs.",
  },
};

/** A delivery rule as a sentence about this mailbox, naming other mailboxes by id as MESH does. */
export function ruleSentence(rule: DeliveryRule, mailboxId: string): string {
  if (rule.kind === "redirect") {
    return rule.ifRecipient === mailboxId
      ? `Messages sent to this mailbox are delivered to ${rule.redirectTo} instead.`
      : `Messages sent to ${rule.ifRecipient} are delivered to this mailbox instead.`;
  }
  const conditions = [
    rule.ifSender && `sent by ${rule.ifSender === mailboxId ? "this mailbox" : rule.ifSender}`,
    rule.ifRecipient && `sent to ${rule.ifRecipient === mailboxId ? "this mailbox" : rule.ifRecipient}`,
    rule.workflowId && `in workflow ${rule.workflowId}`,
  ].filter(Boolean);
  const target = rule.ccTo === mailboxId ? "this mailbox" : rule.ccTo;
  return `A copy of every message ${conditions.join(" and ")} also goes to ${target}.`;
}
