import Link from "next/link";
import type { Route } from "next";

type Props<T extends string> = { page: number; totalPages: number; href: (page: number) => Route<T>; label?: string; prefetch?: boolean };

/**
 * Previous / numbered / Next links below a table. Renders nothing for a single page. `prefetch={false}` for
 * a table that refreshes itself (its prefetches would count as the person's activity).
 */
export function Pagination<T extends string>({ page, totalPages, href, label = "Pagination", prefetch }: Props<T>) {
  if (totalPages <= 1) return null;
  const pages = visiblePages(page, totalPages);
  return (
    <nav aria-label={label} className="body mb-10">
      <ul className="m-0 flex list-none flex-wrap items-center gap-4 p-0">
        {page > 1 && (
          <li>
            <Link href={href(page - 1)} prefetch={prefetch} rel="prev" className="font-bold">
              Previous<span className="sr-only"> page</span>
            </Link>
          </li>
        )}
        {pages.map((item, index) =>
          item === "…" ? (
            <li key={`gap-${index}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={item}>
              {item === page ? (
                <span aria-current="page" className="inline-block bg-blue px-2 font-bold text-white">
                  <span className="sr-only">Page </span>
                  {item}
                </span>
              ) : (
                <Link href={href(item)} prefetch={prefetch}>
                  <span className="sr-only">Page </span>
                  {item}
                </Link>
              )}
            </li>
          ),
        )}
        {page < totalPages && (
          <li>
            <Link href={href(page + 1)} prefetch={prefetch} rel="next" className="font-bold">
              Next<span className="sr-only"> page</span>
            </Link>
          </li>
        )}
      </ul>
    </nav>
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
