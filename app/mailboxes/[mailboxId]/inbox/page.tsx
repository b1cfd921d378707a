import type { Metadata } from "next";
import { requireMailbox } from "@/lib/mailboxes/access";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ params }: { params: Promise<{ mailboxId: string }> }) {
  const { mailbox } = await requireMailbox((await params).mailboxId);
  return (
    <>
      <h1>Inbox</h1>
      <p>There are no messages in the {mailbox.displayName} inbox.</p>
    </>
  );
}
