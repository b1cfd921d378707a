import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { openDurablePglite } from "./durable-pglite";

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "durable-pglite-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const setting = async (pg: PGlite, name: string) => (await pg.query<Record<string, string>>(`show ${name}`)).rows[0]![name];

describe("openDurablePglite", () => {
  it("flushes every commit to disk and keeps the caller's settings", async () => {
    const { client, fs } = openDurablePglite(freshDir(), { postgresqlconf: ["shared_buffers = 8MB"] });
    try {
      expect(await setting(client, "fsync")).toBe("on");
      expect(await setting(client, "wal_sync_method")).toBe("fsync");
      expect(await setting(client, "shared_buffers")).toBe("8MB");
      await client.exec("create table t (n int)");
      for (let i = 1; i <= 3; i++) {
        const before = fs.syncs;
        await client.query("insert into t values ($1)", [i]);
        expect(fs.syncs, `commit ${i}`).toBeGreaterThan(before);
      }
      // A read-only statement writes no WAL, so it must not cost a flush.
      const before = fs.syncs;
      await client.query("select count(*) from t");
      expect(fs.syncs).toBe(before);
    } finally {
      await client.close();
    }
  }, 60_000);

  it("is still needed: plain PGlite starts PostgreSQL with fsync off (-F)", () => {
    expect(PGlite.defaultStartParams).toContain("-F");
  });
});
