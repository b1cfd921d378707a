import type { Metadata } from "next";
import Link from "next/link";
import { identityProviderAnswers } from "@/lib/auth/provider-metadata";
import { IdentityProviderDown } from "../identity-provider-down";

export const metadata: Metadata = { title: "Sorry, we could not sign you in" };
// Asks the identity provider whether it answers, so it is rendered per request, never at build time.
export const dynamic = "force-dynamic";

/** Auth.js sends people here when the sign-in itself fails (for example a token that does not check out). */
export default async function SignInProblemPage() {
  const providerDown = !(await identityProviderAnswers());
  return (
    <div className="tablet:w-2/3">
      <h1>Sorry, we could not sign you in</h1>
      {providerDown && <IdentityProviderDown />}
      <p>Something went wrong while checking your NHS Care Identity sign-in. You have not been signed in.</p>
      <p>
        <Link href="/sign-in">Try signing in again</Link>. If it keeps happening, contact your IT service desk.
      </p>
    </div>
  );
}
