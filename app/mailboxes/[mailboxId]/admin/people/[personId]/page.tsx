import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BackLink } from "@/components/nhs/back-link";
import { InsetText } from "@/components/nhs/inset-text";
import { Button } from "@/components/nhs/button";
import { Radios } from "@/components/nhs/choices";
import { ErrorSummary } from "@/components/nhs/error-summary";
import { SummaryList } from "@/components/nhs/summary-list";
import { Tag } from "@/components/nhs/tag";
import { formatDateTime } from "@/lib/format";
import { queryText } from "@/lib/http/url-text";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { GRANT_ROLES, personOnMailbox, ROLE_LABELS } from "@/lib/mailboxes/people";
import { routes } from "@/lib/routes";
import { changeRoleAction } from "../../actions";
import { personName } from "../../person-labels";

type Props = {
  params: Promise<{ mailboxId: string; personId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const error = queryText(20).parse((await searchParams).error);
  return { title: `${error ? "Error: " : ""}A person's access to this mailbox` };
}

export default async function PersonPage({ params, searchParams }: Props) {
  const { mailboxId: rawMailboxId, personId } = await params;
  const access = await requireMailboxAdmin(rawMailboxId);
  const mailboxId = access.mailbox.mailboxId;
  const person = await personOnMailbox(access, personId);
  if (!person) notFound();
  const error = queryText(20).parse((await searchParams).error);
  const name = personName(person);
  const message =
    error === "last-admin"
      ? `${name} is the only admin of this mailbox, so they cannot be removed or made a member. Make someone else an admin first`
      : error === "role"
        ? "Select a role"
        : undefined;
  const isYou = person.personId === access.user.id;
  return (
    <div className="tablet:w-2/3">
      <BackLink href={routes.adminPeople(mailboxId)}>Back to people</BackLink>
      <ErrorSummary errors={{ role: message }} order={["role"]} />
      <h1>{name}</h1>
      <SummaryList
        rows={[
          { key: "CIS2 user ID", value: person.personId },
          { key: "Email", value: person.email ?? "Not known" },
          { key: "Role", value: ROLE_LABELS[person.role].label },
          {
            key: "Given by",
            value: `${person.grantedBy === "system" ? "Set up" : (person.grantedByName ?? person.grantedBy)}, ${formatDateTime(person.grantedAt)}`,
          },
          {
            key: "Last sign-in",
            value: person.lastSignInAt ? formatDateTime(person.lastSignInAt) : <Tag colour="grey">Not signed in yet</Tag>,
          },
          { key: "Last activity", value: person.lastActivityAt ? formatDateTime(person.lastActivityAt) : "None" },
        ]}
      />
      {isYou ? (
        <InsetText>
          <p>
            This is you. You cannot change your own role or remove your own access: another admin of this mailbox can. That way the mailbox
            always keeps an admin who can use it.
          </p>
        </InsetText>
      ) : (
        <>
          <form action={changeRoleAction.bind(null, mailboxId)}>
            <input type="hidden" name="personId" value={person.personId} />
            <Radios
              idPrefix="role"
              name="role"
              legend={<span className="nhsuk-heading-m">Change their role</span>}
              error={message}
              value={person.role}
              items={GRANT_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role].label, hint: ROLE_LABELS[role].hint }))}
            />
            <Button variant="secondary">Save role</Button>
          </form>
          <h2 className="nhsuk-heading-m">Remove their access</h2>
          <p>
            <Link href={routes.adminRemove(mailboxId, person.personId)}>
              Remove access<span className="nhsuk-u-visually-hidden"> for {name}</span>
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
