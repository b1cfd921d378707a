import type { ReactNode } from "react";

/** Inline field error; sits between the label/hint and the control and is linked by aria-describedby. */
export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span id={id} className="nhsuk-error-message">
      <span className="nhsuk-u-visually-hidden">Error: </span>
      {children}
    </span>
  );
}
