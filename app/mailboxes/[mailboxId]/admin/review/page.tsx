import type { Metadata } from "next";
import { Button } from "@/components/nhs/button";
import { Radios } from "@/components/nhs/choices";
import { ErrorSummary } from "@/components/nhs/error-summary";
import { NotificationBanner } from "@/components/nhs/notification-banner";
import { Tag } from "@/components/nhs/tag";
import { formatDateTime } from "@/lib/format";
import { queryText } from "@/lib/http/url-text";
import { reviewStatus, REVIEW_DUE_DAYS } from "@/lib/mailboxes/access-review";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { peopleOf, ROLE_LABELS } from "@/lib/mailboxes/people";
import { recordReviewAction } from "../actions";
import { longUnused, personName } from "../person-labels";

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const error = queryText(20).parse((await searchParams).error);
  return { title: `${error ? "Error: " : ""}Review who can use this mailbox` };
}

const ERRORS: Record<string, string> = {
  "no-admin-left": "Keep at least one admin: the mailbox cannot be left without one",
  incomplete: "Choose what happens for every person",
};

export default async function ReviewPage({ params, searchParams }: Props) {
  const access = await requireMailboxAdmin((await params).mailboxId);
  const mailboxId = access.mailbox.mailboxId;
  const query = await searchParams;
  const error = ERRORS[queryText(20).parse(query.error) ?? ""];
  const done = queryText(5).parse(query.done);
  const [{ last, due }, people] = await Promise.all([reviewStatus(access), peopleOf(access)]);
  const first = people[0]?.personId;
  return (
    <div className="tablet:w-2/3">
      {done && <NotificationBanner success heading="Access review recorded" />}
      <ErrorSummary errors={{ [`decision-${first}`]: error }} order={[`decision-${first}`]} />
      <h1>Review who can use this mailbox</h1>
      {last ? (
        <p>
          Last reviewed {formatDateTime(last.reviewedAt)} by {last.reviewerName ?? last.reviewedBy}.
        </p>
      ) : (
        <p>This mailbox&apos;s access has not been reviewed in Mailroom yet.</p>
      )}
      {due && (
        <NotificationBanner heading="A review is due">
          <p>Check every {REVIEW_DUE_DAYS} days that each person still needs this mailbox, and in the right role.</p>
        </NotificationBanner>
      )}
      <form action={recordReviewAction.bind(null, mailboxId)}>
        {people.map((person) => (
          <Radios
            key={person.personId}
            idPrefix={`decision-${person.personId}`}
            name={`decision-${person.personId}`}
            small
            legend={
              <>
                <span className="nhsuk-u-font-weight-bold">{personName(person)}</span>, {ROLE_LABELS[person.role].label.toLowerCase()}
                {longUnused(person) && (
                  <>
                    {" "}
                    <Tag colour="orange">No sign-in for 90 days</Tag>
                  </>
                )}
                {!person.lastSignInAt && (
                  <>
                    {" "}
                    <Tag colour="grey">Not signed in yet</Tag>
                  </>
                )}
              </>
            }
            hint={person.lastSignInAt ? `Last signed in ${formatDateTime(person.lastSignInAt)}` : undefined}
            value="keep"
            items={[
              { value: "keep", label: "Keep as they are" },
              { value: "switch", label: person.role === "admin" ? "Make them a member" : "Make them an admin" },
              { value: "remove", label: "Remove their access" },
            ]}
          />
        ))}
        <Button>Record review</Button>
      </form>
    </div>
  );
}
