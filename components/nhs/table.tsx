import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./class-names";

type TableProps = {
  caption: ReactNode;
  /** Visually hide the caption when a heading above already names the table. */
  captionHidden?: boolean;
  /**
   * Scroll sideways inside nhsuk-table-container when too wide, instead of widening the page. Only for a table
   * whose cells hold links or controls, which keyboard users reach (and so scroll to); otherwise use a focusable region.
   */
  scrollable?: boolean;
  /**
   * With `scrollable`, for a table whose rows may hold nothing focusable: the scroll box becomes a
   * labelled region in the tab order, so keyboard users can scroll it (WCAG 2.1.1). Names the region.
   */
  focusableRegion?: string;
  head: ReactNode;
  children: ReactNode;
};

export function Table({ caption, captionHidden, scrollable, focusableRegion, head, children }: TableProps) {
  const table = (
    <table className="nhsuk-table">
      <caption className={cn("nhsuk-table__caption", captionHidden && "nhsuk-u-visually-hidden")}>{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">{head}</tr>
      </thead>
      <tbody className="nhsuk-table__body">{children}</tbody>
    </table>
  );
  // The side padding (offset by negative margins) keeps the focus ring of a checkbox in the first column inside the scroll box.
  if (!scrollable) return table;
  const region = focusableRegion ? { role: "region", "aria-label": focusableRegion, tabIndex: 0 } : {};
  return (
    <div className="nhsuk-table-container -mx-3 w-auto px-3" {...region}>
      {table}
    </div>
  );
}

type ThProps = ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean };

export function Th({ numeric, className, scope = "col", ...rest }: ThProps) {
  return <th scope={scope} className={cn("nhsuk-table__header", numeric && "nhsuk-table__header--numeric", className)} {...rest} />;
}

type TdProps = TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean };

export function Td({ numeric, className, ...rest }: TdProps) {
  return <td className={cn("nhsuk-table__cell", numeric && "nhsuk-table__cell--numeric", className)} {...rest} />;
}
