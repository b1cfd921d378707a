import { headers } from "next/headers";
import Link from "next/link";
import { getUser } from "@/lib/auth/session";
import { mailboxesWithUnopenedCounts } from "@/lib/mailboxes/mailbox-list";
import { routes } from "@/lib/routes";

/** The signed-in person's mailboxes under the header, with how many unopened messages each has. */
export async function MailboxSwitcher() {
  const user = await getUser();
  if (!user) return null;
  const grants = await mailboxesWithUnopenedCounts(user);
  if (grants.length === 0) return null;
  const path = (await headers()).get("x-mailroom-path") ?? "";
  return (
    <nav aria-label="Your mailboxes" className="border-t border-white/25 bg-blue">
      <ul className="mx-auto m-0 flex max-w-page list-none flex-wrap gap-x-6 gap-y-1 px-4 py-2 tablet:px-8 large-desktop:px-0">
        {grants.map((grant) => {
          const current = path.startsWith(`/mailboxes/${grant.mailboxId}/`);
          const { unopened } = grant;
          return (
            <li key={grant.mailboxId} className="body-s">
              <Link
                href={routes.inbox(grant.mailboxId)}
                aria-current={current ? "page" : undefined}
                className={`text-white visited:text-white hover:text-white focus-visible:focus-text ${current ? "font-bold" : ""}`}
              >
                {grant.displayName}
                {unopened > 0 && (
                  <span className="ml-1">
                    ({unopened}
                    <span className="sr-only"> unopened</span>)
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
