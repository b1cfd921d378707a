import { sql } from "drizzle-orm";
import type { Db } from "../index";

export type ChainBreak = {
  id: number;
  /** content: the entry no longer matches its own hash; before/after: the link to its neighbour is broken. */
  kind: "content" | "before" | "after" | "unhashed";
};

export type ChainCheck = { checked: number; intact: boolean; breaks: ChainBreak[] };

type LinkRow = {
  id: string | number;
  hash: string | null;
  prev_hash: string | null;
  computed: string | null;
  pred_hash: string | null;
  has_pred: boolean;
  succ_prev: string | null;
  has_succ: boolean;
};

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * Verifies the chain around the given entries: each one's hash is recomputed from its content, and its
 * links to the entries just before and after it (by id, across all mailboxes) must agree. One query,
 * so a page's worth is cheap; a changed entry shows as a content break, a rewritten hash as a broken link.
 */
export async function checkAuditChain(db: Db, ids: readonly number[]): Promise<ChainCheck> {
  if (ids.length === 0) return { checked: 0, intact: true, breaks: [] };
  const list = sql.join(
    ids.map((id) => sql`${id}::bigint`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select a.id, a.hash, a.prev_hash,
      audit_entry_hash(a.id, a.at, a.actor, a.action, a.mailbox_id, a.message_id, a.ip, a.request_id, a.detail, a.prev_hash) as computed,
      p.hash as pred_hash, p.id is not null as has_pred,
      s.prev_hash as succ_prev, s.id is not null as has_succ
    from audit_log a
    left join lateral (select id, hash from audit_log where id < a.id order by id desc limit 1) p on true
    left join lateral (select id, prev_hash from audit_log where id > a.id order by id asc limit 1) s on true
    where a.id in (${list})
    order by a.id desc`);
  const breaks: ChainBreak[] = [];
  for (const row of rowsOf<LinkRow>(result)) {
    const id = Number(row.id);
    if (!row.hash) breaks.push({ id, kind: "unhashed" });
    else if (row.computed !== row.hash) breaks.push({ id, kind: "content" });
    else if ((row.has_pred ? row.pred_hash : null) !== row.prev_hash) breaks.push({ id, kind: "before" });
    else if (row.has_succ && row.succ_prev !== row.hash) breaks.push({ id, kind: "after" });
  }
  return { checked: ids.length, intact: breaks.length === 0, breaks };
}

/** Walks the whole chain in id order (for tests and support tooling); returns the first break, if any. */
export async function checkWholeAuditChain(db: Db): Promise<{ entries: number; firstBreak: number | null }> {
  const result = await db.execute(sql`
    select id, hash, prev_hash,
      audit_entry_hash(id, at, actor, action, mailbox_id, message_id, ip, request_id, detail, prev_hash) as computed,
      lag(hash) over (order by id) as pred_hash
    from audit_log order by id`);
  const rows = rowsOf<Omit<LinkRow, "has_pred" | "succ_prev" | "has_succ">>(result);
  for (const row of rows) {
    if (!row.hash || row.computed !== row.hash || row.pred_hash !== row.prev_hash)
      return { entries: rows.length, firstBreak: Number(row.id) };
  }
  return { entries: rows.length, firstBreak: null };
}
