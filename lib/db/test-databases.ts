// Test-only: which databases the DB tests run against (throwaway PostgreSQL ones come from lib/testing/throwaway-postgres.ts).
import { afterAll, beforeAll, describe } from "vitest";
import { createThrowawayPostgres } from "../testing/throwaway-postgres";
import { openDb, type Db, type OpenedDb } from "./app-db";
import { seedDemoDataIfEmpty } from "./seed";

export type DbTarget = { name: "pglite" | "postgres"; db: () => Db; url: () => string | null };

/**
 * Runs `body` once against an in-memory PGlite and, when TEST_DATABASE_URL is set, once more
 * against a throwaway PostgreSQL database. One database per target per file: PGlite's initdb
 * costs ~2.5 s and ~800 MB. `seed` adds the demo data once the database is open (opening never does).
 */
export function describeEachDatabase(title: string, body: (target: DbTarget) => void, options: { seed?: boolean } = {}) {
  const targets: DbTarget["name"][] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  describe.each(targets)(`${title} (%s)`, (name) => {
    let opened: OpenedDb | undefined;
    let throwaway: { url: string; drop: () => Promise<void> } | undefined;
    beforeAll(async () => {
      if (name === "postgres") throwaway = await createThrowawayPostgres(process.env.TEST_DATABASE_URL!);
      opened = await openDb(throwaway?.url ?? "pglite://memory");
      if (options.seed) await seedDemoDataIfEmpty(opened.db);
    });
    afterAll(async () => {
      await opened?.close();
      await throwaway?.drop();
    });
    body({
      name,
      db: () => {
        if (!opened) throw new Error("database not open yet");
        return opened.db;
      },
      url: () => throwaway?.url ?? null,
    });
  });
}
