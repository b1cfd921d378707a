import type { ReactNode } from "react";
import { cn } from "./class-names";

export function Hint({ id, className, children }: { id: string; className?: string; children: ReactNode }) {
  return (
    <div id={id} className={cn("nhsuk-hint", className)}>
      {children}
    </div>
  );
}
