import Link from "next/link";
import type { ReactNode } from "react";
import type { AppRoute } from "@/lib/routes";

export function BackLink({ href, children = "Back" }: { href: AppRoute; children?: ReactNode }) {
  return (
    <div className="mt-4 mb-6">
      <Link href={href} className="body inline-flex items-center gap-1">
        <span aria-hidden="true">‹</span>
        {children}
      </Link>
    </div>
  );
}
