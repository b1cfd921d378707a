import type { Metadata } from "next";
import { BackLink } from "@/components/nhs/back-link";
import { Button } from "@/components/nhs/button";
import { Radios } from "@/components/nhs/choices";
import { ErrorSummary } from "@/components/nhs/error-summary";
import { Select } from "@/components/nhs/select";
import { TextInput } from "@/components/nhs/text-input";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { checkGrantAnswers, grantCandidates, GRANT_ROLES, ROLE_LABELS } from "@/lib/mailboxes/people";
import { routes } from "@/lib/routes";
import { grantQuery } from "../grant-query";
import { personName } from "../person-labels";

type Props = { params: Promise<{ mailboxId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { check } = grantQuery.parse(await searchParams);
  return { title: `${check ? "Error: " : ""}Give someone access to this mailbox` };
}

/** The question page; it submits by GET to check your answers, which sends it back here with the errors. */
export default async function GrantPage({ params, searchParams }: Props) {
  const access = await requireMailboxAdmin((await params).mailboxId);
  const mailboxId = access.mailbox.mailboxId;
  const answers = grantQuery.parse(await searchParams);
  const [candidates, checked] = await Promise.all([grantCandidates(access), answers.check ? checkGrantAnswers(access, answers) : null]);
  const errors = checked && !checked.ok ? checked.errors : {};
  return (
    <div className="tablet:w-2/3">
      <BackLink href={routes.adminPeople(mailboxId)}>Back to people</BackLink>
      <ErrorSummary errors={errors} order={["person", "role"]} />
      <h1>Give someone access to this mailbox</h1>
      <form method="get" action={routes.adminGrantCheck(mailboxId)} noValidate>
        {candidates.length > 0 && (
          <Select
            id="person"
            name="chosen"
            label="Choose someone from your organisation"
            hint="People who have signed in with a role here, or use another of its mailboxes"
            error={errors.person}
            defaultValue={answers.chosen ?? ""}
            options={[
              { value: "", label: "Choose a person" },
              ...candidates.map((c) => ({ value: c.personId, label: `${personName(c)} (${c.personId})` })),
            ]}
          />
        )}
        <TextInput
          id={candidates.length > 0 ? "typed" : "person"}
          name="typed"
          label={candidates.length > 0 ? "Or enter their CIS2 user ID" : "Their CIS2 user ID"}
          hint="12 digits, shown in the Care Identity Service. They do not need to have signed in to Mailroom yet."
          error={candidates.length > 0 ? undefined : errors.person}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          width="14ch"
          defaultValue={answers.typed ?? ""}
        />
        <Radios
          idPrefix="role"
          name="role"
          legend="Role"
          error={errors.role}
          value={answers.role}
          items={GRANT_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role].label, hint: ROLE_LABELS[role].hint }))}
        />
        <input type="hidden" name="check" value="1" />
        <Button>Continue</Button>
      </form>
    </div>
  );
}
