import type { ReactNode } from "react";

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div id={id} className="body mb-4 text-secondary">
      {children}
    </div>
  );
}
