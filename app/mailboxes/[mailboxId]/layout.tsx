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
      <span className="nhsuk-caption-l">
        {mailbox.displayName} <span className="nhsuk-u-visually-hidden">mailbox</span>({mailbox.mailboxId})
      </span>
      {children}
    </>
  );
}
