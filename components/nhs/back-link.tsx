import Link from "next/link";
import type { ReactNode } from "react";

export function BackLink({ href, children = "Back" }: { href: string; children?: ReactNode }) {
  return (
    <div className="mt-4 mb-6">
      <Link href={href as never} className="body inline-flex items-center gap-1">
        <span aria-hidden="true">‹</span>
        {children}
      </Link>
    </div>
  );
}
