import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./class-names";

type TableProps = {
  caption: ReactNode;
  /** Visually hide the caption when a heading above already names the table. */
  captionHidden?: boolean;
  head: ReactNode;
  children: ReactNode;
};

export function Table({ caption, captionHidden, head, children }: TableProps) {
  return (
    <table className="body mb-10 w-full border-collapse tablet:mb-12">
      <caption className={cn("mb-4 text-left heading-s", captionHidden && "sr-only")}>
        {caption}
      </caption>
      <thead>
        <tr>{head}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

type ThProps = ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean };

export function Th({ numeric, className, scope = "col", ...rest }: ThProps) {
  return (
    <th
      scope={scope}
      className={cn("border-b-2 border-border py-2 pr-4 text-left align-bottom font-bold", numeric && "text-right", className)}
      {...rest}
    />
  );
}

type TdProps = TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean };

export function Td({ numeric, className, ...rest }: TdProps) {
  return (
    <td
      className={cn("border-b border-border py-2 pr-4 align-top", numeric && "text-right tabular-nums", className)}
      {...rest}
    />
  );
}
