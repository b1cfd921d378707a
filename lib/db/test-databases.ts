// Test-only helpers: which databases the DB tests run against, and throwaway PostgreSQL databases.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { openDb, type Db, type OpenedDb } from "./index";

/** A fresh database on the TEST_DATABASE_URL server, with a random name; drop() removes it. */
export async function createThrowawayPostgres(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `mailroom_test_${randomBytes(6).toString("hex")}`;
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl.toString() });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export type DbTarget = { name: "pglite" | "postgres"; db: () => Db; url: () => string | null };

/**
 * Runs `body` once against an in-memory PGlite and, when TEST_DATABASE_URL is set, once more
 * against a throwaway PostgreSQL database. One database per target per file: PGlite's initdb
 * costs ~2.5 s and ~800 MB.
 */
export function describeEachDatabase(title: string, body: (target: DbTarget) => void, options: { seed?: boolean } = {}) {
  const targets: DbTarget["name"][] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  describe.each(targets)(`${title} (%s)`, (name) => {
    let opened: OpenedDb | undefined;
    let throwaway: { url: string; drop: () => Promise<void> } | undefined;
    beforeAll(async () => {
      if (name === "postgres") {
        throwaway = await createThrowawayPostgres(process.env.TEST_DATABASE_URL!);
        opened = await openDb(throwaway.url, options);
      } else {
        opened = await openDb("pglite://memory", options);
      }
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
