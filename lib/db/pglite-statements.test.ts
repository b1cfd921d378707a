import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgliteStatements } from "./pglite-statements";

// A real in-memory PGlite: the wrapper's answers must match PGlite's own query() exactly.
let pg: PGlite;
let fast: PgliteStatements;

beforeAll(async () => {
  pg = new PGlite();
  fast = new PgliteStatements(pg, 4);
  await fast.query("create table t (id text primary key, n int, at timestamptz, doc jsonb, flag boolean)");
});

afterAll(async () => {
  await pg.close();
});

describe("PgliteStatements", () => {
  it("returns what PGlite's own query() returns, in object and array row modes", async () => {
    const at = new Date("2026-11-25T10:00:00.000Z");
    const insert = "insert into t (id, n, at, doc, flag) values ($1, $2, $3, $4, $5) returning id, n";
    const inserted = await fast.query(insert, ["a", 1, at, JSON.stringify([{ k: "v" }]), true]);
    expect(inserted.rows).toEqual([{ id: "a", n: 1 }]);
    expect(inserted.affectedRows).toBe(1);
    await pg.query(insert, ["b", null, null, null, false]);

    const select = "select id, n, at, doc, flag from t where id = any($1) order by id";
    for (const rowMode of ["object", "array"] as const) {
      const mine = await fast.query(select, [["a", "b"]], { rowMode });
      const theirs = await pg.query(select, [["a", "b"]], { rowMode });
      expect(mine.rows).toEqual(theirs.rows);
      expect(mine.fields).toEqual(theirs.fields);
    }
    const [a] = (await fast.query<{ at: Date; doc: unknown }>("select at, doc from t where id = $1", ["a"])).rows;
    expect(a!.at.toISOString()).toBe(at.toISOString());
    expect(a!.doc).toEqual([{ k: "v" }]);
  });

  it("passes per-query parsers through (drizzle keeps timestamps as text)", async () => {
    const r = await fast.query<{ at: unknown }>("select at from t where id = $1", ["a"], { parsers: { 1184: (v: string) => v } });
    expect(typeof r.rows[0]!.at).toBe("string");
  });

  it("reports an update's count and stays usable after a failed statement", async () => {
    const upd = await fast.query("update t set n = n + 1 where id = $1", ["a"]);
    expect(upd.affectedRows).toBe(1);
    await expect(fast.query("insert into t (id) values ($1)", ["a"])).rejects.toThrow(/duplicate key/);
    await expect(fast.query("select nope from t")).rejects.toThrow(/nope/);
    const after = await fast.query<{ n: number }>("select n from t where id = $1", ["a"]);
    expect(after.rows).toEqual([{ n: 2 }]);
  });

  it("keeps at most its limit of statements prepared, closing the least recently used", async () => {
    // Four slots (constructor above); these texts are all distinct, and all must still work.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 8; i++) {
        const r = await fast.query<{ v: number }>(`select $1::int + ${i} as v`, [1]);
        expect(r.rows).toEqual([{ v: 1 + i }]);
      }
    }
    const open = await pg.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where name like 'mailroom_%'");
    expect(open.rows[0]!.n).toBe(4);
  });

  it("never runs a statement inside another caller's open transaction", async () => {
    const own = new PgliteStatements(pg); // free slots, so the statement below takes the prepared path
    let outsideDone = false;
    let outside!: Promise<{ rows: { n: number }[] }>;
    await own.transaction(async (t) => {
      await t.query("insert into t (id) values ($1)", ["in-tx"]);
      outside = own.query<{ n: number }>("select count(*)::int as n from t where id = $1", ["in-tx"]).then((r) => {
        outsideDone = true;
        return r;
      });
      // PGlite's own query lock is first come, first served: without the wrapper's queue, the statement
      // above would get in between these and see the uncommitted row.
      for (let i = 0; i < 5; i++) await t.query("select 1");
      expect(outsideDone).toBe(false);
      await t.rollback();
    });
    expect((await outside).rows).toEqual([{ n: 0 }]);
  });
});
