import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { openDb } from "../app-db";
import { describeEachDatabase } from "../test-databases";
import { recordAudit } from "./audit";
import { checkAuditChain, checkWholeAuditChain } from "./audit-chain";

describeEachDatabase("audit hash chain", ({ db, url, name }) => {
  it("links each entry to the one before it", async () => {
    const first = await recordAudit(db(), { action: "probe.first", actor: "555000000001", mailboxId: "Y90001OT" });
    const second = await recordAudit(db(), { action: "probe.second", detail: { b: 2, a: "x" } });
    expect(second.id).toBeGreaterThan(first.id);
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await checkAuditChain(db(), [first.id, second.id])).toEqual({ checked: 2, intact: true, breaks: [] });
    expect((await checkWholeAuditChain(db())).firstBreak).toBeNull();
  });

  it("reports where an entry changed behind the trigger's back", async () => {
    const entries = [];
    for (let i = 0; i < 3; i++) entries.push(await recordAudit(db(), { action: "probe.tamper", messageId: `M${i}` }));
    const middle = entries[1]!;
    await db().execute(sql`alter table audit_log disable trigger audit_log_no_update_or_delete`);
    await db().execute(sql`update audit_log set message_id = 'EDITED' where id = ${middle.id}`);
    const check = await checkAuditChain(
      db(),
      entries.map((e) => e.id),
    );
    expect(check.intact).toBe(false);
    expect(check.breaks).toEqual([{ id: middle.id, kind: "content" }]);
    // Rewriting the hash too moves the break to the link with the next entry.
    await db().execute(
      sql`update audit_log set hash = audit_entry_hash(id, at, actor, action, mailbox_id, message_id, ip, request_id, detail, prev_hash) where id = ${middle.id}`,
    );
    expect((await checkAuditChain(db(), [middle.id])).breaks).toEqual([{ id: middle.id, kind: "after" }]);
    expect((await checkAuditChain(db(), [entries[2]!.id])).breaks).toEqual([{ id: entries[2]!.id, kind: "before" }]);
    expect((await checkWholeAuditChain(db())).firstBreak).toBe(entries[2]!.id);
    await db().execute(sql`alter table audit_log enable trigger audit_log_no_update_or_delete`);
  });

  it("does not depend on the session's time zone", async () => {
    const entry = await recordAudit(db(), { action: "probe.tz" });
    // One connection on PGlite; on PostgreSQL a transaction keeps the setting and the check together.
    await db().transaction(async (tx) => {
      await tx.execute(sql`set local timezone = 'Pacific/Auckland'`);
      expect((await checkAuditChain(tx as never, [entry.id])).intact).toBe(true);
    });
  });

  if (name === "postgres") {
    it("stays whole with concurrent writers on separate connections", async () => {
      const opened = await Promise.all([1, 2, 3, 4].map(() => openDb(url()!)));
      try {
        const before = (await checkWholeAuditChain(db())).entries;
        await Promise.all(
          opened.map(({ db: writer }, w) =>
            Promise.all(Array.from({ length: 25 }, (_, i) => recordAudit(writer, { action: "probe.concurrent", detail: { w, i } }))),
          ),
        );
        const whole = await checkWholeAuditChain(db());
        expect(whole.entries).toBe(before + 100);
        // The tamper test above left one break; everything written since chains on cleanly from the last entry.
        const since = await db().execute(sql`select id from audit_log where action = 'probe.concurrent' order by id`);
        const ids = (since as unknown as { rows: { id: string }[] }).rows.map((r) => Number(r.id));
        expect(await checkAuditChain(db(), ids)).toMatchObject({ checked: 100, intact: true });
      } finally {
        await Promise.all(opened.map((o) => o.close()));
      }
    });
  }
});
