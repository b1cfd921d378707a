/*
 * The one status vocabulary for sent messages: MESH's state → the words people read → the tag
 * colour. The Sent list, the sent message page, the live refresh and the CSV export all use it.
 * Plain data and functions only, so browser components may import it too.
 */
import { formatDateTime } from "@/lib/format";

/** MESH's tracking states ("uploading" while chunks are still arriving). */
export const MESH_SENT_STATES = ["uploading", "accepted", "acknowledged", "undeliverable", "error"] as const;
export type MeshSentState = (typeof MESH_SENT_STATES)[number];

/** The same names as components/nhs Tag's colours (lib does not import components). */
export type StatusColour = "white" | "blue" | "green" | "red" | "orange";

export const SENT_STATUS: Record<MeshSentState, { label: string; colour: StatusColour; final: boolean }> = {
  uploading: { label: "Sending", colour: "white", final: false },
  accepted: { label: "Waiting to be collected", colour: "blue", final: false },
  acknowledged: { label: "Received", colour: "green", final: true },
  undeliverable: { label: "Not delivered", colour: "red", final: true },
  error: { label: "Failed", colour: "orange", final: true },
};

/** What the Sent filter offers, in the order a person thinks of them. */
export const SENT_STATUS_FILTERS = (["accepted", "acknowledged", "undeliverable", "error"] as const).map((state) => ({
  value: state,
  label: SENT_STATUS[state].label,
}));

/** MESH report and error codes in plain words (docs/mesh-protocol.md, Codes). */
const CODE_WORDS: Record<string, string> = {
  "02": "the file was missing or could not be read",
  "06": "the message's details were not in a form MESH accepts",
  "12": "the recipient's mailbox is not registered",
  "14": "not collected within 5 days",
  "16": "this mailbox may not send this workflow",
  "17": "the recipient's mailbox is not set up for this workflow",
};

export function plainReason(code: string | null | undefined, description: string | null | undefined): string {
  const words = code ? CODE_WORDS[code] : undefined;
  if (words) return words.charAt(0).toUpperCase() + words.slice(1);
  return description?.trim() || "MESH gave no reason";
}

export type SentStatusFacts = {
  status: MeshSentState;
  sentAt: Date;
  statusUpdatedAt: Date;
  expiresAt?: Date | null;
  statusCode?: string | null;
  ndrDescription?: string | null;
};

/** MESH keeps an uncollected message for 5 days after accepting it. */
const RETENTION_MS = 5 * 24 * 3600_000;

export function expiryOf(facts: Pick<SentStatusFacts, "sentAt" | "expiresAt">): Date {
  return facts.expiresAt ?? new Date(facts.sentAt.getTime() + RETENTION_MS);
}

export type SentStatusView = { state: MeshSentState; label: string; colour: StatusColour; final: boolean; detail: string };

/** The tag's words and colour and one line saying what they mean for this message. */
export function describeSentStatus(facts: SentStatusFacts): SentStatusView {
  const words = SENT_STATUS[facts.status];
  const detail = (() => {
    switch (facts.status) {
      case "uploading":
        return "The file is still being uploaded to MESH.";
      case "accepted":
        return `In the recipient's inbox until ${formatDateTime(expiryOf(facts))}.`;
      case "acknowledged":
        return `Received on ${formatDateTime(facts.statusUpdatedAt)}.`;
      case "undeliverable":
        return `${plainReason(facts.statusCode ?? "14", facts.ndrDescription)}.`;
      case "error":
        return `${facts.ndrDescription?.trim() || "MESH reported an error"}${facts.statusCode ? ` (MESH code ${facts.statusCode})` : ""}.`;
    }
  })();
  return { state: facts.status, ...words, detail };
}

/** Where "who sent it" goes for a message the mailbox sent from another system (no Mailroom person). */
export const SENT_OUTSIDE_MAILROOM = "Sent outside Mailroom";

/** "Who sent it", in the same words on the list, the message page and the export. */
export function whoSent(sentBy: string | null, personName: string | null | undefined): string {
  if (sentBy === null) return SENT_OUTSIDE_MAILROOM;
  return personName ?? "Someone no longer listed";
}
