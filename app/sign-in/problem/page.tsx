import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Sorry, we could not sign you in" };

/** Auth.js sends people here when the sign-in itself fails (for example a token that does not check out). */
export default function SignInProblemPage() {
  return (
    <div className="tablet:w-2/3">
      <h1>Sorry, we could not sign you in</h1>
      <p>Something went wrong while checking your NHS Care Identity sign-in. You have not been signed in.</p>
      <p>
        <Link href="/sign-in">Try signing in again</Link>. If it keeps happening, contact your IT service desk.
      </p>
    </div>
  );
}
