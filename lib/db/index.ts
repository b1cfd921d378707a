import "server-only";
import { DEFAULT_DATABASE_URL, openDb, type Db, type OpenedDb } from "./app-db";

export { DEFAULT_DATABASE_URL, openDb, type Db, type OpenedDb };

const holder = globalThis as unknown as { __mailroomDb?: Promise<OpenedDb> };

/**
 * The process-wide database, opened on first call (never at import: `next build` imports route
 * modules). Kept on globalThis so dev-mode module reloads reuse one PGlite per data directory.
 */
export async function getDb(): Promise<Db> {
  holder.__mailroomDb ??= openDb(process.env.DATABASE_URL || DEFAULT_DATABASE_URL).catch((error: unknown) => {
    // Let the next request retry (for example once PostgreSQL is reachable) instead of caching the failure.
    holder.__mailroomDb = undefined;
    throw error;
  });
  return (await holder.__mailroomDb).db;
}
