import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { BackLink } from "@/components/nhs/back-link";
import { Button } from "@/components/nhs/button";
import { SummaryList } from "@/components/nhs/summary-list";
import { Tag } from "@/components/nhs/tag";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { checkGrantAnswers, ROLE_LABELS } from "@/lib/mailboxes/people";
import { routes } from "@/lib/routes";
import { grantAccessAction } from "../../actions";
import { grantQuery } from "../../grant-query";
import { personName } from "../../person-labels";

export const metadata: Metadata = { title: "Check your answers before giving access" };

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function GrantCheckPage({ params, searchParams }: Props) {
  const access = await requireMailboxAdmin((await params).mailboxId);
  const mailboxId = access.mailbox.mailboxId;
  const answers = grantQuery.parse(await searchParams);
  const checked = await checkGrantAnswers(access, answers);
  if (!checked.ok) redirect(routes.adminGrant(mailboxId, { ...answers, check: 1 }));
  const back = routes.adminGrant(mailboxId, { chosen: answers.chosen, typed: answers.typed, role: checked.role });
  const change = (what: string) => (
    <Link href={back}>
      Change<span className="nhsuk-u-visually-hidden"> {what}</span>
    </Link>
  );
  return (
    <div className="tablet:w-2/3">
      <BackLink href={back} />
      <h1>Check your answers before giving access</h1>
      <SummaryList
        rows={[
          {
            key: "Person",
            value: (
              <>
                {personName({ name: checked.name, personId: checked.personId })}
                {!checked.signedIn && (
                  <>
                    {" "}
                    <Tag colour="grey">Not signed in yet</Tag>
                  </>
                )}
              </>
            ),
            action: change("the person"),
          },
          { key: "CIS2 user ID", value: checked.personId, action: change("the CIS2 user ID") },
          { key: "Role", value: ROLE_LABELS[checked.role].label, action: change("the role") },
          { key: "Mailbox", value: `${access.mailbox.displayName} (${mailboxId})` },
        ]}
      />
      <h2 className="nhsuk-heading-m">Now give access</h2>
      <p>
        {checked.signedIn
          ? "They will see the mailbox on their next click in Mailroom"
          : "This is a pre-grant: they will see the mailbox when they first sign in to Mailroom"}
        , as long as their NHS Care Identity has a role at {access.mailbox.organisationName}.
      </p>
      <form action={grantAccessAction.bind(null, mailboxId)}>
        <input type="hidden" name="personId" value={checked.personId} />
        <input type="hidden" name="role" value={checked.role} />
        <Button>Give access</Button>
      </form>
    </div>
  );
}
