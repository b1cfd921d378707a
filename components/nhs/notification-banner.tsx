import type { ReactNode } from "react";
import { cn } from "./class-names";

type Props = { id?: string; title?: string; success?: boolean; heading?: ReactNode; children?: ReactNode };

/** nhsuk notification banner: blue "Important" region, or green "Success" alert after an action. */
export function NotificationBanner({ id = "notification-banner", title, success, heading, children }: Props) {
  const titleId = `${id}-title`;
  return (
    <div
      id={id}
      className={cn("nhsuk-notification-banner", success && "nhsuk-notification-banner--success")}
      role={success ? "alert" : "region"}
      aria-labelledby={titleId}
      tabIndex={success ? -1 : undefined}
    >
      <div className="nhsuk-notification-banner__header">
        <h2 id={titleId} className="nhsuk-notification-banner__title">
          {title ?? (success ? "Success" : "Important")}
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        {heading && <p className="nhsuk-notification-banner__heading">{heading}</p>}
        {children}
      </div>
    </div>
  );
}
