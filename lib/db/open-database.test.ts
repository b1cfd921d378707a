import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./open-database";

const dir = mkdtempSync(path.join(tmpdir(), "open-database-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function firstRow<T>(db: Database, query: ReturnType<typeof sql>): Promise<T> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows[0]!;
}

describe("openDatabase", () => {
  it("opens PGlite on disk with the caller's buffer pool, durable commits, the statement cache and the migrations", async () => {
    // A parent folder that does not exist yet: PGlite would make only the last one.
    const opened = await openDatabase(`pglite://${path.join(dir, "new", "pglite")}`, {
      migrationsFolder: path.join(process.cwd(), "drizzle"),
      pgliteSharedBuffers: "8MB",
      pgliteStatementCache: true,
    });
    try {
      expect(opened.kind).toBe("pglite");
      expect(await firstRow(opened.db, sql`show shared_buffers`)).toEqual({ shared_buffers: "8MB" });
      expect(await firstRow(opened.db, sql`show fsync`)).toEqual({ fsync: "on" });
      expect(await firstRow(opened.db, sql`select count(*)::int as n from organisations`)).toEqual({ n: 0 });
      const prepared = await firstRow<{ n: number }>(
        opened.db,
        sql`select count(*)::int as n from pg_prepared_statements where name like 'mailroom_%'`,
      );
      expect(prepared.n).toBeGreaterThan(0);
    } finally {
      await opened.close();
    }
  });
});
