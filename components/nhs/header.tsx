import Link from "next/link";
import type { ReactNode } from "react";
import type { Route } from "next";

/**
 * NHS-style blue header with the service name; `account` holds the signed-in person and sign-out.
 * No NHS logo: Mailroom is not an NHS England service, and the logo is a registered mark.
 */
export function Header<T extends string>({ serviceName, homeHref, account, navigation }: {
  serviceName: string;
  homeHref: Route<T>;
  account?: ReactNode;
  navigation?: ReactNode;
}) {
  return (
    <header className="bg-blue text-white" role="banner">
      <div className="mx-auto flex max-w-page flex-wrap items-center justify-between gap-4 px-4 py-4 tablet:px-8 large-desktop:px-0">
        <Link
          href={homeHref}
          className="flex items-center gap-4 text-white no-underline visited:text-white hover:text-white hover:underline focus-visible:focus-text"
        >
          <span className="text-xl leading-tight font-bold tablet:text-2xl">{serviceName}</span>
        </Link>
        {account && <div className="body-s flex flex-wrap items-center gap-4">{account}</div>}
      </div>
      {navigation}
    </header>
  );
}
