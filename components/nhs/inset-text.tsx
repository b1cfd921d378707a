import type { ReactNode } from "react";

export function InsetText({ children }: { children: ReactNode }) {
  return (
    <div className="body my-7 border-l-8 border-blue py-2 pl-4 tablet:pl-6 [&>*:last-child]:mb-0">
      <span className="sr-only">Information: </span>
      {children}
    </div>
  );
}
