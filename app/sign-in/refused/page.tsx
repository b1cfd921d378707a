import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";

export const metadata: Metadata = { title: "You cannot use Mailroom with this account" };

const reasonSchema = z.enum(["assurance", "no-organisation", "bad-profile"]).catch("bad-profile");

export default async function SignInRefusedPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const reason = reasonSchema.parse((await searchParams).reason);
  return (
    <div className="tablet:w-2/3">
      <h1>You cannot use Mailroom with this account</h1>
      {reason === "assurance" && (
        <>
          <p>You signed in in a way that is not secure enough for Mailroom. Files in MESH mailboxes can hold patient information.</p>
          <p>Sign in again with your smartcard, or another way that gives the highest level of assurance, such as a security key.</p>
          <p>If you do not have one, ask your organisation&apos;s Registration Authority (RA) team.</p>
        </>
      )}
      {reason === "no-organisation" && (
        <>
          <p>Your NHS Care Identity account does not have a role at an organisation that uses Mailroom.</p>
          <p>
            If you have more than one role, sign in again and choose the role for the organisation whose mailbox you need. Otherwise ask
            your organisation&apos;s Registration Authority (RA) team to give you a role, and your Mailroom administrator to set up your
            organisation.
          </p>
        </>
      )}
      {reason === "bad-profile" && (
        <p>We could not read the details your NHS Care Identity account sent. Try again later, or contact your IT service desk.</p>
      )}
      <p>
        <Link href="/sign-in">Sign in again</Link>
      </p>
    </div>
  );
}
