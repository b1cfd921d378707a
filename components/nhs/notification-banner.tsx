import type { ReactNode } from "react";
import { cn } from "./class-names";

type Props = { id?: string; title?: string; success?: boolean; heading?: ReactNode; children?: ReactNode };

/** nhsuk notification banner: blue "Important" region, or green "Success" alert after an action. */
export function NotificationBanner({ id = "notification-banner", title, success, heading, children }: Props) {
  const titleId = `${id}-title`;
  return (
    <div
      id={id}
      className={cn("mb-8 border-4 tablet:mb-12", success ? "border-green bg-green" : "border-blue bg-blue")}
      role={success ? "alert" : "region"}
      aria-labelledby={titleId}
      tabIndex={success ? -1 : undefined}
    >
      <div className="px-4 pt-1 pb-1 tablet:px-4">
        <h2 id={titleId} className="body m-0 font-bold text-white">
          {title ?? (success ? "Success" : "Important")}
        </h2>
      </div>
      <div className="bg-white px-4 py-4 tablet:px-6 tablet:py-6 [&>*:last-child]:mb-0">
        {heading && <p className="heading-s">{heading}</p>}
        {children}
      </div>
    </div>
  );
}
