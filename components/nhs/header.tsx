import Link from "next/link";
import type { ReactNode } from "react";
import type { Route } from "next";

/**
 * nhsuk-header with the service name; `account` holds the account list's items (`nhsuk-header__account-item`),
 * `navigation` the header's navigation. No NHS logo: Mailroom is not an NHS England service, and the logo is a registered mark.
 */
export function Header<T extends string>({
  serviceName,
  homeHref,
  account,
  navigation,
}: {
  serviceName: string;
  homeHref: Route<T>;
  account?: ReactNode;
  navigation?: ReactNode;
}) {
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link href={homeHref} className="nhsuk-header__service-name">
            {serviceName}
          </Link>
        </div>
        {account && (
          <nav className="nhsuk-header__account" aria-label="Account">
            <ul className="nhsuk-header__account-list">{account}</ul>
          </nav>
        )}
      </div>
      {navigation}
    </header>
  );
}
