import type { MailboxAccess } from "@/lib/mailboxes/access";
import { unopenedCount } from "@/lib/mailboxes/inbox";
import { routes } from "@/lib/routes";
import { ServiceNavigationLinks } from "./service-navigation-links";

/** The mailbox's sections under its name; Admin only for its admins. */
export async function ServiceNavigation({ access }: { access: MailboxAccess }) {
  const mailboxId = access.mailbox.mailboxId;
  return (
    <ServiceNavigationLinks
      inbox={routes.inbox(mailboxId)}
      messages={`/mailboxes/${mailboxId}/messages/`}
      send={routes.sendFile(mailboxId)}
      sent={routes.sent(mailboxId)}
      unopened={await unopenedCount(access)}
      admin={access.role === "admin" ? routes.adminPeople(mailboxId) : undefined}
    />
  );
}
