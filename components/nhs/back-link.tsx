import Link from "next/link";
import type { ReactNode } from "react";
import type { Route } from "next";

export function BackLink<T extends string>({ href, children = "Back" }: { href: Route<T>; children?: ReactNode }) {
  return (
    <div className="mt-4 mb-6">
      <Link href={href} className="body inline-flex items-center gap-1">
        <span aria-hidden="true">‹</span>
        {children}
      </Link>
    </div>
  );
}
