import type { ReactNode } from "react";
import { requireMailbox } from "@/lib/mailboxes/access";

/** Every page under a mailbox checks access itself too; this only renders the mailbox's name. */
export default async function MailboxLayout({ children, params }: { children: ReactNode; params: Promise<{ mailboxId: string }> }) {
  const { mailbox } = await requireMailbox((await params).mailboxId);
  return (
    <>
      <span className="caption-l">
        {mailbox.displayName} <span className="sr-only">mailbox</span>({mailbox.mailboxId})
      </span>
      {children}
    </>
  );
}
