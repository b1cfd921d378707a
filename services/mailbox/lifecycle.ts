import type { App } from "./context";
import { RETENTION_MS, reportRow } from "./message-rows";

const BATCH = 200;

/**
 * One pass of the lifecycle: expire accepted messages whose 5 days ran out (NDR to the sender for
 * original DATA messages), then delete finished messages past the 30-day retention and uploads
 * abandoned for longer than the configured timeout.
 */
export async function runSweep(app: App): Promise<{ expired: number; deleted: number }> {
  const now = app.clock.now();
  let expired = 0;
  for (;;) {
    const due = await app.store.dueForExpiry(now, BATCH);
    for (const m of due) {
      // CC copies are invisible to the sender, so their expiry must not produce a report either.
      const ndr =
        m.messageType === "DATA" && !m.copyOf && m.sender
          ? reportRow({
              now,
              recipient: m.sender,
              workflowId: m.workflowId,
              status: "undeliverable",
              event: "SEND",
              code: "14",
              description: "Message not collected by recipient after 5 days",
              subject: m.subject,
              localId: m.localId,
              linkedMessageId: m.id,
            })
          : null;
      const ev = {
        status: "undeliverable",
        event: "SEND",
        code: "14",
        description: "Message not collected by recipient after 5 days",
        timestamp: now.toISOString(),
      };
      const retention = new Date((m.acceptedAt ?? m.createdAt).getTime() + RETENTION_MS);
      if (await app.store.expire(m.id, ev, now, retention, ndr)) expired++;
    }
    if (due.length < BATCH) break;
  }
  let deleted = 0;
  const staleBefore = new Date(now.getTime() - app.config.uploadTimeoutMs);
  for (;;) {
    const due = (await app.store.dueForDeletion(now, staleBefore, BATCH)).filter((d) => !app.uploading.has(d.id));
    if (due.length === 0) break;
    const orphaned = await app.store.deleteRows(due.map((d) => d.id));
    for (const o of orphaned) await app.chunks.remove(o.storageId, o.totalChunks);
    deleted += due.length;
    if (due.length < BATCH) break;
  }
  return { expired, deleted };
}
