// Shared by the web app (lib/db/app-db.ts) and the mailbox server (services/mailbox/db/open.ts): no
// server-only import and relative paths only, so the mailbox server's bundle can take it in.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { openDurablePglite } from "./durable-pglite";
import { PgliteStatements } from "./pglite-statements";

type Schema = Record<string, unknown>;

/**
 * A Drizzle database over either driver, or a transaction on one. It is the drivers' common base
 * class rather than their union: on the union, `.returning({...})` and friends lose their overloads.
 */
export type Database<TSchema extends Schema = Record<string, never>> = PgDatabase<PgQueryResultHKT, TSchema>;

export type OpenedDatabase<TSchema extends Schema = Record<string, never>> = {
  db: Database<TSchema>;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
};

export type OpenDatabaseOptions<TSchema extends Schema> = {
  /** The folder of SQL migrations to apply before the database is handed out. */
  migrationsFolder: string;
  /** Drizzle's relational schema (`db.query.*`); the mailbox server does without. */
  schema?: TSchema;
  /** PGlite's `shared_buffers`: Postgres's 128 MB default is sized for a shared server, not one process (ADR 0007). */
  pgliteSharedBuffers: string;
  /** Prepare each distinct SQL text once on PGlite ({@link PgliteStatements}; ADR 0109). */
  pgliteStatementCache?: boolean;
  /** Told when PostgreSQL drops an idle pooled connection; the pool reconnects on the next query. */
  onIdleError?: (error: Error) => void;
};

// Any fixed number works; it only has to be the same in every process that migrates a database.
const MIGRATION_LOCK_ID = 725_019_001;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens a database and applies pending migrations. `postgres://` or `postgresql://` uses a
 * node-postgres pool; `pglite://memory` an in-memory PGlite; `pglite://<dir>` PGlite on disk, with
 * commits flushed to disk as a PostgreSQL server flushes them (ADR 0110).
 */
export async function openDatabase<TSchema extends Schema = Record<string, never>>(
  url: string,
  options: OpenDatabaseOptions<TSchema>,
): Promise<OpenedDatabase<TSchema>> {
  if (isPostgresUrl(url)) return openPostgres(url, options);
  if (url.startsWith("pglite://")) return openPglite(url, options);
  throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or pglite:// (got "${url.split(":")[0]}:")`);
}

async function openPostgres<TSchema extends Schema>(url: string, options: OpenDatabaseOptions<TSchema>): Promise<OpenedDatabase<TSchema>> {
  // A server that does not answer fails a query in 10 s instead of holding the request for ever.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops (a restart, a network cut) emits "error" on the pool; unheard, it would end the process.
  pool.on("error", (error) => (options.onIdleError ?? ((e: Error) => console.warn(`database connection lost: ${e.message}`)))(error));
  // Several processes may start at once; the advisory lock makes them migrate one at a time.
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    try {
      await migratePg(drizzlePg({ client }), { migrationsFolder: options.migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
    }
  } finally {
    client.release();
  }
  const db = drizzlePg({ client: pool, schema: options.schema });
  return { db: db as unknown as Database<TSchema>, kind: "postgres", close: () => pool.end() };
}

async function openPglite<TSchema extends Schema>(url: string, options: OpenDatabaseOptions<TSchema>): Promise<OpenedDatabase<TSchema>> {
  const dir = url.slice("pglite://".length);
  if (!dir) throw new Error(`DATABASE_URL "${url}" names no directory; use pglite://memory or pglite://<dir>`);
  const settings = { postgresqlconf: [`shared_buffers = ${options.pgliteSharedBuffers}`, "wal_buffers = 512kB"] };
  let client: PGlite;
  if (dir === "memory") {
    client = new PGlite(settings);
  } else {
    const absolute = path.resolve(dir);
    mkdirSync(path.dirname(absolute), { recursive: true }); // PGlite creates only the last segment of its directory
    client = openDurablePglite(absolute, settings).client;
  }
  // drizzle's PGlite driver calls only query() and transaction(), which the statement cache provides.
  const driverClient = options.pgliteStatementCache ? (new PgliteStatements(client) as unknown as PGlite) : client;
  const db = drizzlePglite({ client: driverClient, schema: options.schema });
  await migratePglite(db, { migrationsFolder: options.migrationsFolder });
  return { db: db as unknown as Database<TSchema>, kind: "pglite", close: () => client.close() };
}
