import Link from "next/link";
import type { ReactNode } from "react";
import type { Route } from "next";

export function BackLink<T extends string>({ href, children = "Back" }: { href: Route<T>; children?: ReactNode }) {
  return (
    <Link href={href} className="nhsuk-back-link">
      {children}
    </Link>
  );
}
