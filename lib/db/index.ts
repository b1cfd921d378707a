import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema";
import { openDurablePglite } from "./durable-pglite";
import { seedDemoDataIfEmpty } from "./seed";

/**
 * A Drizzle database over either driver, or a transaction on one. It is the drivers' common base
 * class rather than their union: on the union, `.returning({...})` and friends lose their overloads.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type OpenedDb = { db: Db; driver: "pglite" | "postgres"; close: () => Promise<void> };

export type OpenDbOptions = {
  /** Insert the demo organisations, mailboxes, people and grants when the database is empty. */
  seed?: boolean;
  /** Where the SQL migrations live; the repo's drizzle/ folder by default. */
  migrationsFolder?: string;
};

export const DEFAULT_DATABASE_URL = "pglite://./data/app";

// Any fixed number works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_ID = 725_019_001;

/**
 * Opens a database and applies pending migrations. `postgres://` or `postgresql://` uses a
 * node-postgres pool; `pglite://memory` an in-memory PGlite; `pglite://<dir>` PGlite on disk.
 */
export async function openDb(url: string, options: OpenDbOptions = {}): Promise<OpenedDb> {
  const migrationsFolder = options.migrationsFolder ?? path.join(process.cwd(), "drizzle");
  let opened: OpenedDb;

  if (/^postgres(ql)?:\/\//i.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // Several web processes may start at once; the advisory lock makes them migrate one at a time.
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
      try {
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
      }
    } finally {
      client.release();
    }
    opened = { db: drizzlePg(pool, { schema }), driver: "postgres", close: () => pool.end() };
  } else if (url.startsWith("pglite://")) {
    const dir = url.slice("pglite://".length);
    if (!dir) throw new Error(`DATABASE_URL "${url}" names no directory; use pglite://memory or pglite://<dir>`);
    // Postgres's 128 MB default buffer pool is sized for a shared server, not one web process's app data.
    const options = { postgresqlconf: ["shared_buffers = 16MB", "wal_buffers = 512kB"] };
    let client: PGlite;
    if (dir === "memory") {
      client = new PGlite(options);
    } else {
      const absolute = path.resolve(dir);
      mkdirSync(path.dirname(absolute), { recursive: true }); // PGlite creates only the last segment
      // Flushes commits to disk as a PostgreSQL server does; plain PGlite does not (ADR 0110).
      client = openDurablePglite(absolute, options).client;
    }
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    opened = { db, driver: "pglite", close: () => client.close() };
  } else {
    throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or pglite:// (got "${url.split(":")[0]}:")`);
  }

  if (options.seed) {
    try {
      await seedDemoDataIfEmpty(opened.db);
    } catch (error) {
      await opened.close();
      throw error;
    }
  }
  return opened;
}

const holder = globalThis as unknown as { __mailroomDb?: Promise<OpenedDb> };

/**
 * The process-wide database, opened on first call (never at import: `next build` imports route
 * modules). Kept on globalThis so dev-mode module reloads reuse one PGlite per data directory.
 */
export async function getDb(): Promise<Db> {
  holder.__mailroomDb ??= openDb(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, {
    seed: process.env.SEED_DEMO_DATA !== "false",
  }).catch((error: unknown) => {
    // Let the next request retry (for example once PostgreSQL is reachable) instead of caching the failure.
    holder.__mailroomDb = undefined;
    throw error;
  });
  return (await holder.__mailroomDb).db;
}
