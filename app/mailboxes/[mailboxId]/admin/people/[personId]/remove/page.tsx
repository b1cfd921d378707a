import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { BackLink } from "@/components/nhs/back-link";
import { Button } from "@/components/nhs/button";
import { WarningCallout } from "@/components/nhs/warning-callout";
import { requireMailboxAdmin } from "@/lib/mailboxes/admin-access";
import { personOnMailbox } from "@/lib/mailboxes/people";
import { routes } from "@/lib/routes";
import { removeAccessAction } from "../../../actions";
import { personName } from "../../../person-labels";

export const metadata: Metadata = { title: "Are you sure you want to remove their access?" };

type Props = { params: Promise<{ mailboxId: string; personId: string }> };

/** The confirmation before access is removed: nothing happens until its button. */
export default async function RemovePage({ params }: Props) {
  const { mailboxId: rawMailboxId, personId } = await params;
  const access = await requireMailboxAdmin(rawMailboxId);
  const mailboxId = access.mailbox.mailboxId;
  const person = await personOnMailbox(access, personId);
  if (!person) notFound();
  // Nobody removes their own access (lib/mailboxes/people.ts): their page says why.
  if (person.personId === access.user.id) redirect(routes.adminPerson(mailboxId, person.personId));
  const name = personName(person);
  return (
    <div className="tablet:w-2/3">
      <BackLink href={routes.adminPerson(mailboxId, person.personId)} />
      <h1>Are you sure you want to remove {name}&apos;s access?</h1>
      <WarningCallout>
        <p>
          They will lose {access.mailbox.displayName} ({mailboxId}) on their next click, even if they are using it now. You can give access
          again later.
        </p>
      </WarningCallout>
      <form action={removeAccessAction.bind(null, mailboxId)}>
        <input type="hidden" name="personId" value={person.personId} />
        <Button variant="warning">Remove access</Button>
      </form>
    </div>
  );
}
