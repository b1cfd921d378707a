import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { NotificationBanner } from "@/components/nhs/notification-banner";
import { accessWasRemoved, normaliseMailboxId } from "@/lib/mailboxes/access";
import { mailboxesOf } from "@/lib/mailboxes/mailbox-list";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Your mailboxes" };

export default async function MailboxesPage({ searchParams }: { searchParams: Promise<{ removed?: string | string[] }> }) {
  const user = await requireUser("/mailboxes");
  const grants = await mailboxesOf(user);
  const asked = (await searchParams).removed;
  const removedId = typeof asked === "string" ? normaliseMailboxId(asked) : null;
  // Said only when it is true for this person, so a crafted link cannot put words on the page.
  const removed =
    removedId && !grants.some((g) => g.mailboxId === removedId) && (await accessWasRemoved(user, removedId)) ? removedId : null;
  const only = grants.length === 1 ? grants[0] : undefined;
  if (only && !removed) redirect(routes.inbox(only.mailboxId));
  const notice = removed && (
    <NotificationBanner heading={`You no longer have access to mailbox ${removed}`}>
      <p>An administrator at your organisation removed your access. Ask them if you think you still need it.</p>
    </NotificationBanner>
  );

  if (grants.length === 0) {
    return (
      <div className="tablet:w-2/3">
        {notice}
        <h1>You do not have access to a mailbox yet</h1>
        <p>Mailroom shows you the mailboxes your organisation has given you access to, and you do not have any yet.</p>
        <p>
          Ask your organisation&apos;s Mailroom administrator (often the practice or IT manager) to give you access to the mailbox you need.
          Then sign in again.
        </p>
      </div>
    );
  }

  return (
    <>
      {notice}
      <h1>Your mailboxes</h1>
      <ul className="nhsuk-list">
        {grants.map((grant) => (
          <li key={grant.mailboxId} className="mb-4 border-b border-border pb-4">
            <Link href={routes.inbox(grant.mailboxId)} className="nhsuk-u-font-size-22 nhsuk-u-font-weight-bold">
              {grant.displayName}
            </Link>
            <p className="nhsuk-u-secondary-text-colour m-0">
              {grant.organisationName} · mailbox {grant.mailboxId}
              {grant.role === "admin" ? " · you are an administrator" : ""}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
