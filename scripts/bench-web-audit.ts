/**
 * Benchmark (issue 16): the audit log viewer over 100,000 entries of one mailbox. Prints the median
 * server time of its first page (GET /mailboxes/Y90001OT/admin/audit) and the time of the hash-chain
 * check of one page's worth of entries. Needs PostgreSQL: the rows are written straight into the
 * database while the app runs, which PGlite (one process) does not allow.
 */
import { openDb } from "../lib/db/app-db";
import { checkAuditChain } from "../lib/db/queries/audit-chain";
import { sql } from "drizzle-orm";
import type { WebApp } from "../lib/testing/web-app";
import type { Browser } from "../services/identity/testing/http-client";
import { median } from "./bench-support";

const TARGET_MS = 300;
const PAGE_SIZE = 25;

type Context = {
  app: WebApp;
  browser: Browser;
  appDb: string;
  mailboxId: string;
  entries: number;
  requests: number;
  log: (line: string) => void;
};

export async function benchAuditViewer({ app, browser, appDb, mailboxId, entries, requests, log }: Context): Promise<void> {
  if (!appDb.startsWith("postgres")) {
    log("Audit viewer: skipped (needs PostgreSQL, to write the entries while the app runs)");
    return;
  }
  const { db, close } = await openDb(appDb);
  try {
    log(`Writing ${entries} audit entries for ${mailboxId} (each through the chain trigger)…`);
    const started = performance.now();
    // In batches, as separate statements: each row still goes through the insert trigger and its lock.
    for (let done = 0; done < entries; done += 10_000) {
      const n = Math.min(10_000, entries - done);
      await db.execute(sql`
        insert into audit_log (actor, action, mailbox_id, message_id, ip, detail)
        select '555000000002', (array['download', 'preview', 'acknowledge', 'send'])[1 + g % 4], ${mailboxId},
          'BENCH' || lpad(g::text, 8, '0'), '127.0.0.1', jsonb_build_object('fileName', 'bench-' || g || '.csv')
        from generate_series(${done + 1}::int, ${done + n}::int) g`);
    }
    log(`  written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const url = `${app.url}/mailboxes/${mailboxId}/admin/audit`;
    const warm = await browser.request(url);
    const body = await warm.text();
    if (warm.status !== 200 || !body.includes("The audit trail is intact")) {
      throw new Error(`the audit page answered ${warm.status}${warm.status === 200 ? " without an intact chain" : ""}`);
    }
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const res = await browser.request(url);
      await res.text();
      times.push(performance.now() - t);
    }
    const firstPage = median(times);

    const ids = await db.execute(sql`select id from audit_log where mailbox_id = ${mailboxId} order by id desc limit ${PAGE_SIZE}`);
    const pageIds = (ids as unknown as { rows: { id: string }[] }).rows.map((r) => Number(r.id));
    const chainTimes: number[] = [];
    let intact = false;
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      intact = (await checkAuditChain(db, pageIds)).intact;
      chainTimes.push(performance.now() - t);
    }

    log(
      `Audit viewer first page, ${entries} entries (median of ${requests}): ${firstPage.toFixed(0)} ms  target ≤ ${TARGET_MS} ms  ${firstPage <= TARGET_MS ? "meets target" : "MISSES target"}`,
    );
    log(`  all: ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
    log(
      `Hash-chain check of one page (${PAGE_SIZE} entries and their neighbours, median of ${requests}): ${median(chainTimes).toFixed(1)} ms, intact: ${intact}`,
    );
  } finally {
    await close();
  }
}
