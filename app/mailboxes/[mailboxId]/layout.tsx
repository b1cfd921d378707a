import type { ReactNode } from "react";
import { requireMailbox } from "@/lib/mailboxes/access";
import { ServiceNavigation } from "./service-navigation";

/** Every page under a mailbox checks access itself too; this only renders its sections and its name. */
export default async function MailboxLayout({ children, params }: { children: ReactNode; params: Promise<{ mailboxId: string }> }) {
  const access = await requireMailbox((await params).mailboxId);
  const { mailbox } = access;
  return (
    <>
      <ServiceNavigation access={access} />
      <span className="caption-l">
        {mailbox.displayName} <span className="sr-only">mailbox</span>({mailbox.mailboxId})
      </span>
      {children}
    </>
  );
}
