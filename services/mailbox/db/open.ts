import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { openDurablePglite } from "../../../lib/db/durable-pglite";
import { PgliteStatements } from "./pglite-statements";

/** Both drivers share the pg-core query builder, so the store is written once against this type. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type OpenDb = { db: Db; kind: "pglite" | "postgres"; close(): Promise<void> };

const migrationsFolder = path.join(import.meta.dirname, "..", "drizzle");

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDb(opts: { databaseUrl?: string; dataDir: string }): Promise<OpenDb> {
  if (isPostgresUrl(opts.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = drizzlePg(pool);
    await migratePg(db, { migrationsFolder });
    return { db: db as unknown as Db, kind: "postgres", close: () => pool.end() };
  }
  const dir = path.join(opts.dataDir, "pglite");
  mkdirSync(dir, { recursive: true }); // PGlite only creates the last path segment itself
  // Postgres's 128 MB default buffer pool is sized for a shared server; metadata rows here are small
  // and the payloads live in files, so a small pool keeps the process lean (bench figure (c)).
  // Commits are flushed to disk like a PostgreSQL server's (ADR 0110), which PGlite does not do by itself.
  const { client } = openDurablePglite(dir, { postgresqlconf: ["shared_buffers = 8MB", "wal_buffers = 512kB"] });
  const db = drizzlePglite({ client: new PgliteStatements(client) as unknown as PGlite });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}
