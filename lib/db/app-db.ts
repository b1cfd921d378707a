// The web app's database without `server-only`, so the demo seed step (a plain Node script) can open it too.
import path from "node:path";
import { errorFields } from "../logging/logger";
import { log } from "../logging/log";
import { openDatabase, type Database, type OpenedDatabase } from "./open-database";
import * as schema from "./schema";

export type Db = Database<typeof schema>;

export type OpenedDb = OpenedDatabase<typeof schema>;

export const DEFAULT_DATABASE_URL = "pglite://./data/app";

/**
 * Opens the app database at `url` (see {@link openDatabase}) and applies the migrations in drizzle/.
 * It never inserts data: the demo seed is a step of its own (lib/db/seed.ts).
 */
export function openDb(url: string): Promise<OpenedDb> {
  return openDatabase(url, {
    migrationsFolder: path.join(process.cwd(), "drizzle"),
    schema,
    // The app's directory and indexes are small (ADR 0007).
    pgliteSharedBuffers: "16MB",
    onIdleError: (error) => log.warn(errorFields(error), "the database dropped an idle connection; the next query reconnects"),
  });
}
