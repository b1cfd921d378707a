import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "You have signed out" };

export default function SignedOutPage() {
  return (
    <div className="tablet:w-2/3">
      <h1>You have signed out</h1>
      <p>You have signed out of Mailroom and your NHS Care Identity session.</p>
      <p>
        <Link href="/sign-in">Sign in again</Link>
      </p>
    </div>
  );
}
