/** What the web benchmarks share: options, statistics and the database choice (processes: bench-process.ts). */
import pg from "pg";

/** `--name N` from the command line, or the fallback when it is missing or not a positive number. */
export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const list = (values: readonly number[]) => values.map((t) => t.toFixed(0)).join(", ");

/** The nearest-rank percentile: the smallest value that at least p% of the values are at or below. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

export const mark = (ok: boolean) => (ok ? "meets target" : "MISSES target");

/** The PostgreSQL server the benches use when one answers (TEST_DATABASE_URL or the local default), else null. */
export async function postgresUrl(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}
