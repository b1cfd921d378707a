import { headers } from "next/headers";
import Link from "next/link";
import type { MailboxAccess } from "@/lib/mailboxes/access";
import { unopenedCount } from "@/lib/mailboxes/inbox";
import { routes } from "@/lib/routes";

/**
 * The mailbox's sections under its name: each a plain link, the current one marked with
 * aria-current and a bar (not colour alone). Sending, Sent and Admin join as they are built.
 */
export async function ServiceNavigation({ access }: { access: MailboxAccess }) {
  const mailboxId = access.mailbox.mailboxId;
  const [unopened, path] = await Promise.all([unopenedCount(access), headers().then((list) => list.get("x-mailroom-path") ?? "")]);
  const inbox = routes.inbox(mailboxId);
  const current = path.startsWith(inbox) || path.startsWith(`/mailboxes/${mailboxId}/messages/`);
  return (
    <nav aria-label="Mailbox" className="mb-8 border-b border-border">
      <ul className="m-0 flex list-none flex-wrap gap-x-8 p-0">
        <li className="nhsuk-u-font-size-19 m-0">
          <Link
            href={inbox}
            aria-current={current ? "page" : undefined}
            className={`inline-block border-b-4 pt-2 pb-2 nhsuk-u-font-weight-bold no-underline hover:underline ${current ? "border-blue" : "border-transparent"}`}
          >
            Inbox
            {unopened > 0 && (
              <span>
                {" "}
                ({unopened}
                <span className="nhsuk-u-visually-hidden"> unopened</span>)
              </span>
            )}
          </Link>
        </li>
      </ul>
    </nav>
  );
}
