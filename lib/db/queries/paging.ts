import { ilike, or, type AnyColumn, type SQL } from "drizzle-orm";

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
