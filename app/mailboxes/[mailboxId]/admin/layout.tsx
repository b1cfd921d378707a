import type { ReactNode } from "react";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { routes } from "@/lib/routes";
import { AdminSectionLinks } from "./admin-section-links";

/** The admin area's own sections; every page and action below checks the admin grant itself too. */
export default async function AdminLayout({ children, params }: { children: ReactNode; params: Promise<{ mailboxId: string }> }) {
  const { mailbox } = await requireMailboxAdmin((await params).mailboxId);
  return (
    <>
      <AdminSectionLinks
        people={routes.adminPeople(mailbox.mailboxId)}
        review={routes.adminReview(mailbox.mailboxId)}
        audit={routes.adminAudit(mailbox.mailboxId)}
        settings={routes.adminSettings(mailbox.mailboxId)}
      />
      {children}
    </>
  );
}
