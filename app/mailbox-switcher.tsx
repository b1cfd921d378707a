import { headers } from "next/headers";
import Link from "next/link";
import { getUserForFrame } from "@/lib/auth/session";
import { errorFields } from "@/lib/logging/logger";
import { log } from "@/lib/logging/log";
import { mailboxesWithUnopenedCounts } from "@/lib/mailboxes/mailbox-list";
import { routes } from "@/lib/routes";

/** The signed-in person's mailboxes under the header, with how many unopened messages each has. */
export async function MailboxSwitcher() {
  const user = await getUserForFrame();
  if (!user) return null;
  const grants = await mailboxesWithUnopenedCounts(user).catch((error: unknown) => {
    log.warn(errorFields(error), "the mailbox list in the header could not be read");
    return []; // the page below shows the problem itself
  });
  if (grants.length === 0) return null;
  const path = (await headers()).get("x-mailroom-path") ?? "";
  return (
    <nav aria-label="Your mailboxes" className="nhsuk-header__navigation">
      <div className="nhsuk-header__navigation-container nhsuk-width-container">
        <ul className="nhsuk-header__navigation-list">
          {grants.map((grant) => {
            const current = path.startsWith(`/mailboxes/${grant.mailboxId}/`);
            const { unopened } = grant;
            return (
              <li
                key={grant.mailboxId}
                className={`nhsuk-header__navigation-item${current ? " nhsuk-header__navigation-item--current" : ""}`}
              >
                <Link
                  href={routes.inbox(grant.mailboxId)}
                  aria-current={current ? "page" : undefined}
                  className="nhsuk-header__navigation-link"
                >
                  {current ? (
                    <strong className="nhsuk-header__navigation-item-current-fallback">{grant.displayName}</strong>
                  ) : (
                    grant.displayName
                  )}
                  {unopened > 0 && (
                    <span className="ml-1">
                      ({unopened}
                      <span className="nhsuk-u-visually-hidden"> unopened</span>)
                    </span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
}
