// Test-only: throwaway PostgreSQL databases. Plain Node (no Vitest, no server-only imports), so the web
// tests, the mailbox server's tests and both benchmarks can all use it.
import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * A fresh, empty database on the PostgreSQL server at `serverUrl`, with a random name, so runs never see
 * each other's rows; `drop()` removes it. Both connect to the server's `postgres` database to do so.
 */
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
