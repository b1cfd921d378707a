"use client";

import type { Route } from "next";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** Links between the admin pages, the current one marked (in the browser: the layout is not rendered again). */
export function AdminSectionLinks<P extends string, R extends string, A extends string, S extends string>({
  people,
  review,
  audit,
  settings,
}: {
  people: Route<P>;
  review: Route<R>;
  audit: Route<A>;
  settings: Route<S>;
}) {
  const path = usePathname();
  const inAudit = path.startsWith(audit);
  const inReview = path.startsWith(review);
  const inSettings = path.startsWith(settings);
  return (
    <nav aria-label="Admin" className="mb-6">
      <ul className="nhsuk-list m-0 flex flex-wrap gap-x-6">
        <Item href={people} current={!inAudit && !inReview && !inSettings}>
          People
        </Item>
        <Item href={review} current={inReview}>
          Access review
        </Item>
        <Item href={audit} current={inAudit}>
          Audit log
        </Item>
        <Item href={settings} current={inSettings}>
          Settings
        </Item>
      </ul>
    </nav>
  );
}

function Item<T extends string>({ href, current, children }: { href: Route<T>; current: boolean; children: ReactNode }) {
  return (
    <li className="m-0">
      <Link href={href} aria-current={current ? "page" : undefined} className={current ? "nhsuk-u-font-weight-bold" : undefined}>
        {children}
      </Link>
    </li>
  );
}
