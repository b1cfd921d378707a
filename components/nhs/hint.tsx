import type { ReactNode } from "react";

export function Hint({ id, className, children }: { id: string; className?: string; children: ReactNode }) {
  return (
    <div id={id} className={className ? `nhsuk-hint ${className}` : "nhsuk-hint"}>
      {children}
    </div>
  );
}
