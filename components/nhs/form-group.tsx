import type { ReactNode } from "react";
import { cn } from "./class-names";

/** Spacing for one question (none `inline`, for a row of controls such as a search form); a red bar on the left when it has an error. */
export function FormGroup({ error, inline, children, className }: { error?: boolean; inline?: boolean; children: ReactNode; className?: string }) {
  return <div className={cn(!inline && "mb-6 tablet:mb-8", error && "border-l-4 border-error pl-4", className)}>{children}</div>;
}

export function Label({ htmlFor, children, pageHeading }: { htmlFor: string; children: ReactNode; pageHeading?: boolean }) {
  const label = (
    <label htmlFor={htmlFor} className={cn("mb-2 block font-bold", pageHeading ? "heading-l" : "body")}>
      {children}
    </label>
  );
  return pageHeading ? <h1 className="m-0">{label}</h1> : label;
}
