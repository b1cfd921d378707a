import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/nhs/button";
import { NotificationBanner } from "@/components/nhs/notification-banner";
import { Table, Td, Th } from "@/components/nhs/table";
import { Tag } from "@/components/nhs/tag";
import { formatDateTime } from "@/lib/format";
import { queryText } from "@/lib/http/url-text";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { peopleOf, ROLE_LABELS } from "@/lib/mailboxes/people";
import { routes } from "@/lib/routes";
import { longUnused, personName } from "./person-labels";

export const metadata: Metadata = { title: "People who can use this mailbox" };

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const DONE: Record<string, string> = { granted: "Access given", changed: "Role changed", removed: "Access removed" };

export default async function PeoplePage({ params, searchParams }: Props) {
  const access = await requireMailboxAdmin((await params).mailboxId);
  const mailboxId = access.mailbox.mailboxId;
  const query = await searchParams;
  const done = queryText(20).parse(query.done);
  const who = queryText(100).parse(query.who);
  const people = await peopleOf(access);
  return (
    <>
      {done && DONE[done] && (
        <NotificationBanner success heading={DONE[done]}>
          {who && <p>{who}</p>}
        </NotificationBanner>
      )}
      <h1>People who can use this mailbox</h1>
      <p>
        A person also needs a role at {access.mailbox.organisationName} in their NHS Care Identity to use it. Changes take effect on their
        next click.
      </p>
      <Link href={routes.adminGrant(mailboxId)} role="button" draggable={false} className={buttonClasses()}>
        Give someone access
      </Link>
      <Table caption="People with access" captionHidden scrollable head={<Head />}>
        {people.map((person) => (
          <tr key={person.personId} className="nhsuk-table__row">
            <Td>
              <Link href={routes.adminPerson(mailboxId, person.personId)}>{personName(person)}</Link>
              <br />
              <span className="nhsuk-u-secondary-text-colour nhsuk-u-font-size-16">{person.personId}</span>
            </Td>
            <Td>{ROLE_LABELS[person.role].label}</Td>
            <Td>
              {person.grantedBy === "system" ? "Set up" : (person.grantedByName ?? person.grantedBy)}
              <br />
              {formatDateTime(person.grantedAt)}
            </Td>
            <Td>
              {person.lastSignInAt ? formatDateTime(person.lastSignInAt) : <Tag colour="grey">Not signed in yet</Tag>}
              {longUnused(person) && (
                <>
                  <br />
                  <Tag colour="orange">No sign-in for 90 days</Tag>
                </>
              )}
            </Td>
            <Td>{person.lastActivityAt ? formatDateTime(person.lastActivityAt) : "None"}</Td>
          </tr>
        ))}
      </Table>
    </>
  );
}

function Head() {
  return (
    <>
      <Th>Person</Th>
      <Th>Role</Th>
      <Th>Given by</Th>
      <Th>Last sign-in</Th>
      <Th>Last activity</Th>
    </>
  );
}
