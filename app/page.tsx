import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/nhs/button";
import { InsetText } from "@/components/nhs/inset-text";
import { getUser } from "@/lib/auth/session";
import { routes } from "@/lib/routes";

// The layout's title template does not apply to a page in the same segment.
export const metadata: Metadata = { title: { absolute: "Send and receive files through MESH – Mailroom" } };

export default async function StartPage() {
  const user = await getUser();
  return (
    <div className="tablet:w-2/3">
      <h1>Send and receive files through MESH</h1>
      <p>
        Mailroom lets health and care staff send files to other NHS and care organisations, and collect the files sent to them, using their
        organisation&apos;s MESH mailbox. You only need a web browser: there is nothing to install.
      </p>
      <p>Use Mailroom to:</p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        <li>see the files that have arrived in your mailbox, preview them and download them</li>
        <li>tell the sender you have received a file</li>
        <li>send a file of up to 50MB (100MB on the Health and Social Care Network) to another mailbox</li>
        <li>check whether the files you sent have been collected</li>
      </ul>
      <InsetText>
        <p>
          You sign in with your NHS Care Identity account. Your organisation&apos;s Mailroom administrator decides which mailboxes you can
          use.
        </p>
      </InsetText>
      <h2 className="nhsuk-heading-m">Before you start</h2>
      <p>
        Files sent through MESH are kept in the recipient&apos;s inbox for 5 days. If nobody collects a file in that time, the sender is
        told it was not delivered.
      </p>
      {user ? (
        <p>
          You are signed in as {user.name}. <Link href={routes.mailboxes}>Go to your mailbox</Link>
        </p>
      ) : (
        <ButtonLink href={routes.signIn()} className="tablet:w-auto">
          Sign in
          <span aria-hidden="true"> →</span>
        </ButtonLink>
      )}
    </div>
  );
}
