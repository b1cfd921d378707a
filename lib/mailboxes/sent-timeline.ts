/*
 * A sent message's story as timeline entries, oldest first: uploaded → accepted → received, or the
 * non-delivery report, or the failure. Built from the sent index alone, with the shared vocabulary.
 */
import { formatDateTime } from "@/lib/format";
import { expiryOf, plainReason, SENT_STATUS, type MeshSentState } from "./sent-status";

export type TimelineEntry = { title: string; at: Date | null; detail: string };

export type TimelineFacts = {
  status: MeshSentState;
  sentAt: Date;
  statusUpdatedAt: Date;
  expiresAt: Date | null;
  statusCode: string | null;
  ndrDescription: string | null;
  ndrMessageId: string | null;
  recipientMailboxId: string;
  /** Null: sent from another system, not by Mailroom. */
  sentBy?: string | null;
};

export function sentTimeline(facts: TimelineFacts): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    {
      title: "Uploaded",
      at: facts.sentAt,
      detail:
        facts.sentBy === null ? "Another system using this mailbox uploaded the file to MESH." : "Mailroom uploaded the file to MESH.",
    },
    { title: "Accepted", at: facts.sentAt, detail: `MESH put it in ${facts.recipientMailboxId}'s inbox.` },
  ];
  switch (facts.status) {
    case "accepted":
    case "uploading":
      entries.push({
        title: SENT_STATUS[facts.status].label,
        at: null,
        detail: `Not collected yet. It leaves the recipient's inbox on ${formatDateTime(expiryOf(facts))}.`,
      });
      break;
    case "acknowledged":
      entries.push({ title: "Collected and marked as received", at: facts.statusUpdatedAt, detail: "The recipient collected the file." });
      break;
    case "undeliverable": {
      const facts2 = [facts.statusCode ? `MESH code ${facts.statusCode}` : null, facts.ndrDescription?.trim() || null].filter(Boolean);
      entries.push({
        title: facts.ndrMessageId ? "Non-delivery report" : SENT_STATUS.undeliverable.label,
        at: facts.statusUpdatedAt,
        detail: `${plainReason(facts.statusCode ?? "14", facts.ndrDescription)}${facts2.length ? ` (${facts2.join(": ")})` : ""}.`,
      });
      break;
    }
    case "error":
      entries.push({
        title: SENT_STATUS.error.label,
        at: facts.statusUpdatedAt,
        detail: `${facts.ndrDescription?.trim() || "MESH reported an error"}${facts.statusCode ? ` (MESH code ${facts.statusCode})` : ""}.`,
      });
      break;
  }
  return entries;
}
