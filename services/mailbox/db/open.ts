import path from "node:path";
import { isPostgresUrl, openDatabase, type Database, type OpenedDatabase } from "../../../lib/db/open-database";

/** Both drivers share the pg-core query builder, so the store is written once against this type. */
export type Db = Database;

export type OpenDb = OpenedDatabase;

const migrationsFolder = path.join(import.meta.dirname, "..", "drizzle");

/** The mailbox server's database: a PostgreSQL server when `databaseUrl` names one, else PGlite in `dataDir/pglite`. */
export function openDb(opts: { databaseUrl?: string; dataDir: string }): Promise<OpenDb> {
  const url = opts.databaseUrl && isPostgresUrl(opts.databaseUrl) ? opts.databaseUrl : `pglite://${path.join(opts.dataDir, "pglite")}`;
  return openDatabase(url, {
    migrationsFolder,
    // Metadata rows here are small and the payloads live in files, so a small pool keeps the process
    // lean (ADR 0007, 0109), and the hot path's short statements are prepared once (ADR 0109).
    pgliteSharedBuffers: "8MB",
    pgliteStatementCache: true,
  });
}
