// Test-only: a database for web processes under test, and a way to reach it from the test.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createThrowawayPostgres } from "./throwaway-postgres";

/** The PostgreSQL server the web tests use: TEST_DATABASE_URL, or the one this machine image runs. */
export function postgresServerUrl(): string {
  return process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
}

/** Null when the server answers; otherwise why not (for a skip reason). */
export async function postgresProblem(serverUrl = postgresServerUrl()): Promise<string | null> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    const safe = new URL(serverUrl);
    safe.password = "";
    return `no PostgreSQL server at ${safe.href} (${error instanceof Error ? error.message : String(error)}); set TEST_DATABASE_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type WebDatabase = { url: string; kind: "postgres" | "pglite"; drop: () => Promise<void> };

/** A throwaway PostgreSQL database on the test server. */
export async function throwawayPostgres(): Promise<WebDatabase> {
  const db = await createThrowawayPostgres(postgresServerUrl());
  return { url: db.url, kind: "postgres", drop: db.drop };
}

/**
 * A database for one web process: a throwaway PostgreSQL database when a server answers (fast to
 * start), otherwise PGlite in a temporary directory (no server needed, ~3 s and ~800 MB to initialise).
 */
export async function throwawayWebDatabase(): Promise<WebDatabase> {
  if (!(await postgresProblem())) return throwawayPostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailroom-web-test-"));
  return {
    url: `pglite://${path.join(dir, "app")}`,
    kind: "pglite",
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
