import "server-only";
import { getDb } from "@/lib/db";
import { getInboxMessage } from "@/lib/db/queries/inbox";
import { sentRowNames } from "@/lib/db/queries/sent";
import { CHECK_NOW_GAP_MS } from "./sent-refresher";
import { loadSentMessage, type SentMessage } from "./sent-message";
import { describeSentStatus, whoSent, type SentStatusView } from "./sent-status";
import { sentTimeline, type TimelineEntry } from "./sent-timeline";

export type SentDetail = {
  sent: SentMessage;
  view: SentStatusView;
  timeline: TimelineEntry[];
  /** "Who sent it" in words: the person, or "Sent outside Mailroom". */
  sentByLabel: string;
  recipientOrganisation: string | null;
  /** The non-delivery report in this mailbox's inbox index, if Mailroom has seen it. */
  reportInInbox: boolean;
  /** When "Check now" may ask MESH again; null if it may now (or the status is final). */
  checkAgainAt: Date | null;
};

/** For the sent message page: the checked mailbox and the message's whole story, or the ordinary 404. */
export async function loadSentDetail(rawMailboxId: string, rawMessageId: string) {
  const { access, sent } = await loadSentMessage(rawMailboxId, rawMessageId);
  const db = await getDb();
  const [names, report] = await Promise.all([
    sentRowNames(db, [sent]),
    sent.ndrMessageId ? getInboxMessage(db, access.mailbox.mailboxId, sent.ndrMessageId) : null,
  ]);
  const view = describeSentStatus(sent);
  const nextAllowed = sent.lastCheckedAt ? sent.lastCheckedAt.getTime() + CHECK_NOW_GAP_MS : 0;
  const detail: SentDetail = {
    sent,
    view,
    timeline: sentTimeline(sent),
    sentByLabel: whoSent(sent.sentBy, sent.sentBy ? names.senderName.get(sent.sentBy) : null),
    recipientOrganisation: names.recipientOrganisation.get(sent.recipientMailboxId) ?? null,
    reportInInbox: Boolean(report),
    checkAgainAt: !view.final && nextAllowed > Date.now() ? new Date(nextAllowed) : null,
  };
  return { access, detail };
}
