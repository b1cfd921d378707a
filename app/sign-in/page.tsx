import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { z } from "zod";
import { Button } from "@/components/nhs/button";
import { InsetText } from "@/components/nhs/inset-text";
import { identityProviderAnswers } from "@/lib/auth/provider-metadata";
import { safeReturnPath } from "@/lib/auth/return-to";
import { getUser } from "@/lib/auth/session";
import { routes } from "@/lib/routes";
import { startSignIn } from "./actions";
import { IdentityProviderDown } from "./identity-provider-down";

export const metadata: Metadata = { title: "Sign in" };

const searchSchema = z.object({
  returnTo: z.string().optional().catch(undefined),
  reason: z.enum(["idle", "absolute", "revoked"]).optional().catch(undefined),
});

const reasons = {
  idle: "You were signed out because you did not do anything for a while. This protects the files in your mailbox.",
  absolute: "You were signed out because you have been signed in for the longest time allowed. Sign in again to carry on.",
  revoked: "You were signed out, for example because you signed out of your NHS Care Identity account elsewhere.",
} as const;

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { returnTo, reason } = searchSchema.parse(await searchParams);
  const destination = safeReturnPath(returnTo);
  if (await getUser()) redirect(routes.checkedLocalPath(destination));
  const providerDown = !(await identityProviderAnswers());

  return (
    <div className="tablet:w-2/3">
      <h1>Sign in to Mailroom</h1>
      {reason && (
        <InsetText>
          <p>{reasons[reason]}</p>
        </InsetText>
      )}
      {providerDown && <IdentityProviderDown />}
      <p>Sign in with your NHS Care Identity account: your smartcard, or another way your organisation has set up.</p>
      <form action={startSignIn}>
        <input type="hidden" name="returnTo" value={destination} />
        {reason && <input type="hidden" name="reason" value={reason} />}
        <Button type="submit">Sign in with NHS Care Identity</Button>
      </form>
    </div>
  );
}
