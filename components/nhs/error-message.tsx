import type { ReactNode } from "react";

/** Inline field error; sits between the label/hint and the control and is linked by aria-describedby. */
export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="body mb-4 font-bold text-error">
      <span className="sr-only">Error: </span>
      {children}
    </p>
  );
}
