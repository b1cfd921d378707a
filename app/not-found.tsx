import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="tablet:w-2/3">
      <h1>Page not found</h1>
      <p>If you typed the web address, check it is correct.</p>
      <p>If you pasted the web address, check you copied the entire address.</p>
      <p>
        If the web address is correct or you selected a link or button, go to the <Link href="/">Mailroom start page</Link>.
      </p>
    </div>
  );
}
