import type { ReactNode } from "react";

export type SummaryRow = { key: string; value: ReactNode; action?: ReactNode };

export function SummaryList({ rows }: { rows: readonly SummaryRow[] }) {
  return (
    <dl className="body mb-6 tablet:mb-8 tablet:table tablet:w-full tablet:table-fixed tablet:border-collapse">
      {rows.map((row) => (
        <div key={row.key} className="mb-4 border-b border-border tablet:mb-0 tablet:table-row">
          <dt className="mb-1 font-bold tablet:table-cell tablet:w-1/3 tablet:py-2 tablet:pr-6 tablet:align-top">{row.key}</dt>
          <dd className="m-0 mb-2 break-words tablet:table-cell tablet:py-2 tablet:pr-6 tablet:align-top">{row.value}</dd>
          {row.action && <dd className="m-0 mb-2 tablet:table-cell tablet:w-1/5 tablet:py-2 tablet:text-right">{row.action}</dd>}
        </div>
      ))}
    </dl>
  );
}
