"use client";

import type { Route } from "next";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

type Props<I extends string, S extends string, T extends string, A extends string> = {
  inbox: Route<I>;
  messages: string;
  send: Route<S>;
  sent: Route<T>;
  unopened: number;
  /** Only for the mailbox's admins. */
  admin?: Route<A>;
};

/**
 * The section links, each plain, the current one marked with aria-current and a bar (not colour
 * alone). In the browser, because the layout that holds them is not rendered again as the person
 * moves between its pages.
 */
export function ServiceNavigationLinks<I extends string, S extends string, T extends string, A extends string>({
  inbox,
  messages,
  send,
  sent,
  unopened,
  admin,
}: Props<I, S, T, A>) {
  const path = usePathname();
  return (
    <nav aria-label="Mailbox" className="mb-8 border-b border-border">
      <ul className="m-0 flex list-none flex-wrap gap-x-8 p-0">
        <Item href={inbox} current={path.startsWith(inbox) || path.startsWith(messages)}>
          Inbox
          {unopened > 0 && (
            <span>
              {" "}
              ({unopened}
              <span className="nhsuk-u-visually-hidden"> unopened</span>)
            </span>
          )}
        </Item>
        <Item href={send} current={path.startsWith(send)}>
          Send a file
        </Item>
        <Item href={sent} current={path === sent || path.startsWith(`${sent}/`)}>
          Sent
        </Item>
        {admin && (
          <Item href={admin} current={path.startsWith(admin)}>
            Admin
          </Item>
        )}
      </ul>
    </nav>
  );
}

function Item<T extends string>({ href, current, children }: { href: Route<T>; current: boolean; children: ReactNode }) {
  return (
    <li className="nhsuk-u-font-size-19 m-0">
      <Link
        href={href}
        aria-current={current ? "page" : undefined}
        className={`inline-block border-b-4 pt-2 pb-2 nhsuk-u-font-weight-bold no-underline hover:underline ${current ? "border-blue" : "border-transparent"}`}
      >
        {children}
      </Link>
    </li>
  );
}
