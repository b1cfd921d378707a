import type { ReactNode } from "react";

/** nhsuk warning callout (a warning card in nhsuk-frontend 10): a pale yellow box whose heading is read as "Important". */
export function WarningCallout({ heading = "Important", children }: { heading?: string; children: ReactNode }) {
  return (
    <div className="nhsuk-card nhsuk-card--warning">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading">
          {!/important/i.test(heading) && <span className="nhsuk-u-visually-hidden">Important: </span>}
          {heading}
        </h3>
        {children}
      </div>
    </div>
  );
}
