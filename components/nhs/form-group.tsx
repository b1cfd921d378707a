import type { ReactNode } from "react";
import { cn } from "./class-names";

/** nhsuk-form-group: spacing for one question (none `inline`, for a row of controls such as a search form); a red bar when it has an error. */
export function FormGroup({
  error,
  inline,
  children,
  className,
}: {
  error?: boolean;
  inline?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("nhsuk-form-group", error && "nhsuk-form-group--error", inline && "nhsuk-u-margin-bottom-0", className)}>
      {children}
    </div>
  );
}

export function Label({ htmlFor, children, pageHeading }: { htmlFor: string; children: ReactNode; pageHeading?: boolean }) {
  const label = (
    <label htmlFor={htmlFor} className={cn("nhsuk-label", pageHeading && "nhsuk-label--l")}>
      {children}
    </label>
  );
  return pageHeading ? <h1 className="nhsuk-label-wrapper">{label}</h1> : label;
}
