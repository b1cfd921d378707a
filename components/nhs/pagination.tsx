import Link from "next/link";
import type { Route } from "next";
import { cn } from "./class-names";

type Props<T extends string> = { page: number; totalPages: number; href: (page: number) => Route<T>; label?: string; prefetch?: boolean };

/**
 * Previous / numbered / Next links below a table. Renders nothing for a single page. `prefetch={false}` for
 * a table that refreshes itself (its prefetches would count as the person's activity).
 */
export function Pagination<T extends string>({ page, totalPages, href, label = "Pagination", prefetch }: Props<T>) {
  if (totalPages <= 1) return null;
  const pages = visiblePages(page, totalPages);
  return (
    <nav aria-label={label} className="nhsuk-pagination nhsuk-pagination--numbered">
      {page > 1 && (
        <Link href={href(page - 1)} prefetch={prefetch} rel="prev" className="nhsuk-pagination__previous">
          <ArrowIcon direction="left" />
          <span className="nhsuk-pagination__title">
            Previous<span className="nhsuk-u-visually-hidden"> page</span>
          </span>
        </Link>
      )}
      <ul className="nhsuk-pagination__list">
        {pages.map((item, index) =>
          item === "…" ? (
            <li key={`gap-${index}`} className="nhsuk-pagination__item nhsuk-pagination__item--ellipsis" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={item} className={cn("nhsuk-pagination__item", item === page && "nhsuk-pagination__item--current")}>
              <Link
                href={href(item)}
                prefetch={prefetch}
                aria-current={item === page ? "page" : undefined}
                className="nhsuk-pagination__link"
              >
                <span className="nhsuk-u-visually-hidden">Page </span>
                {item}
              </Link>
            </li>
          ),
        )}
      </ul>
      {page < totalPages && (
        <Link href={href(page + 1)} prefetch={prefetch} rel="next" className="nhsuk-pagination__next">
          <span className="nhsuk-pagination__title">
            Next<span className="nhsuk-u-visually-hidden"> page</span>
          </span>
          <ArrowIcon direction="right" />
        </Link>
      )}
    </nav>
  );
}

// nhsuk-frontend's arrow-left and arrow-right icons.
const arrows = {
  left: "M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z",
  right: "m14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z",
};

function ArrowIcon({ direction }: { direction: keyof typeof arrows }) {
  return (
    <svg
      className={`nhsuk-icon nhsuk-icon--arrow-${direction}`}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      focusable="false"
      aria-hidden="true"
    >
      <path d={arrows[direction]} />
    </svg>
  );
}

/** First, last and the pages around the current one, with gaps: 1 … 4 5 6 … 20. */
export function visiblePages(page: number, totalPages: number): Array<number | "…"> {
  const wanted = new Set([1, totalPages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= totalPages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: Array<number | "…"> = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (typeof last === "number" && p - last > 1) out.push("…");
    out.push(p);
  }
  return out;
}
