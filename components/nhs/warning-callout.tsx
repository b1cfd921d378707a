import type { ReactNode } from "react";

/** nhsuk warning callout: a pale yellow box with a heading that starts "Important". */
export function WarningCallout({ heading = "Important", children }: { heading?: string; children: ReactNode }) {
  return (
    <div className="body mb-10 border-t-4 border-warm-yellow bg-pale-yellow px-4 pb-4 tablet:px-6 tablet:pb-6 [&>*:last-child]:mb-0">
      <h3 className="relative -top-2 inline-block bg-warm-yellow px-4 py-1 heading-m mb-2 -ml-4 tablet:-ml-6 tablet:px-6">
        <span className="sr-only">Important: </span>
        {heading}
      </h3>
      {children}
    </div>
  );
}
