import { ilike, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../index";

export type Page<Row> = { rows: Row[]; page: number; pageSize: number; total: number; totalPages: number };

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 200;

/** Clamps page size to 1..MAX_PAGE_SIZE and page to 1..totalPages, so a stale `?page=` shows the last page. */
export function pageWindow(total: number, page = 1, pageSize = DEFAULT_PAGE_SIZE) {
  const size = Math.min(Math.max(Math.trunc(pageSize) || DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const totalPages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(Math.trunc(page) || 1, 1), totalPages);
  return { page: current, pageSize: size, totalPages, offset: (current - 1) * size };
}

/** Escapes LIKE wildcards so a user typing `%` or `_` searches for that character. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case-insensitive "contains" over several columns; undefined when the term is blank. */
export function containsAny(term: string | undefined, columns: AnyColumn[]): SQL | undefined {
  const trimmed = term?.trim();
  if (!trimmed) return undefined;
  const pattern = `%${escapeLike(trimmed)}%`;
  return or(...columns.map((column) => ilike(column, pattern)));
}

/**
 * One page of `table`'s rows matching `where`, newest first by `newestFirst` (then by `tiebreak`),
 * with the total: the count and the window are worked out the same way for every list.
 */
export async function selectPage<T extends PgTable>(
  db: Db,
  table: T,
  where: SQL | undefined,
  [newestFirst, tiebreak]: [AnyColumn, AnyColumn],
  { page, pageSize }: { page?: number; pageSize?: number },
): Promise<Page<T["$inferSelect"]>> {
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(table as PgTable)
    .where(where);
  const total = count?.n ?? 0;
  const window = pageWindow(total, page, pageSize);
  const rows = (await db
    .select()
    .from(table as PgTable)
    .where(where)
    // DESC NULLS LAST, as the lists' indexes are declared, so the planner can walk them.
    .orderBy(sql`${newestFirst} desc nulls last`, sql`${tiebreak} desc nulls last`)
    .limit(window.pageSize)
    .offset(window.offset)) as T["$inferSelect"][];
  return { rows, total, page: window.page, pageSize: window.pageSize, totalPages: window.totalPages };
}
