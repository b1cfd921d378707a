import type { ReactNode } from "react";

export function Details({ summary, children, open }: { summary: string; children: ReactNode; open?: boolean }) {
  return (
    <details className="body mb-6 tablet:mb-8" open={open}>
      <summary className="inline-block cursor-pointer text-blue underline focus-visible:focus-text">
        <span>{summary}</span>
      </summary>
      <div className="mt-2 border-l-4 border-border py-2 pl-4 [&>*:last-child]:mb-0">{children}</div>
    </details>
  );
}
