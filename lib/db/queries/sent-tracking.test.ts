import { expect, it } from "vitest";
import { describeEachDatabase } from "../test-databases";
import { getSentMessage, recordSent } from "./sent";
import { claimCheckNow, claimDueChecks, linkReport, rescheduleCheck } from "./sent-tracking";

const SENDER = "R9XRECS1";
const OTHER = "Y90001OT";
const t0 = new Date(Date.UTC(2026, 11, 1, 9, 0));
const plus = (ms: number) => new Date(t0.getTime() + ms);

async function send(db: Parameters<typeof recordSent>[0], mailboxId: string, messageId: string, due: Date) {
  await recordSent(db, {
    mailboxId,
    messageId,
    sentBy: "555000000003",
    recipientMailboxId: OTHER,
    workflowId: "MAILROOM_FILE",
    sentAt: t0,
    nextCheckAt: due,
  });
}

describeEachDatabase(
  "sent tracking",
  ({ db }) => {
    it("claims only due messages, within the per-mailbox bound per minute, and never the same one twice", async () => {
      for (let i = 0; i < 30; i++) await send(db(), SENDER, `A${String(i).padStart(2, "0")}`, plus(60_000));
      for (let i = 0; i < 3; i++) await send(db(), OTHER, `B${i}`, plus(60_000));
      await send(db(), SENDER, "LATER", plus(3_600_000));
      const options = { perMailboxPerMinute: 10, limit: 100, claimMs: 120_000 };

      expect(await claimDueChecks(db(), { ...options, now: plus(30_000) })).toEqual([]);
      // Two processes claiming at once: the lock lets one claim, and neither takes a message twice.
      const [first, second] = await Promise.all([
        claimDueChecks(db(), { ...options, now: plus(61_000) }),
        claimDueChecks(db(), { ...options, now: plus(61_000) }),
      ]);
      const claimed = [...first, ...second].map((c) => c.messageId);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.filter((id) => id.startsWith("A"))).toHaveLength(10);
      expect(claimed.filter((id) => id.startsWith("B"))).toHaveLength(3);
      expect(claimed).not.toContain("LATER");

      // Within the same minute the bound is spent, even for another process.
      expect(await claimDueChecks(db(), { ...options, now: plus(90_000) })).toEqual([]);
      // A minute later, ten more; the claimed ones are not taken again while claimed.
      const next = await claimDueChecks(db(), { ...options, now: plus(122_000) });
      expect(next).toHaveLength(10);
      expect(next.some((c) => claimed.includes(c.messageId))).toBe(false);
    });

    it("reschedules, allows Check now once a minute, and links a report to a final message", async () => {
      await send(db(), SENDER, "C1", plus(60_000));
      expect(await claimCheckNow(db(), SENDER, "C1", plus(10_000), 60_000, 30_000)).not.toBeNull();
      await rescheduleCheck(db(), { mailboxId: SENDER, messageId: "C1", nextCheckAt: plus(300_000), failed: false, now: plus(10_000) });
      expect(await claimCheckNow(db(), SENDER, "C1", plus(40_000), 60_000, 30_000)).toBeNull();
      expect(await claimCheckNow(db(), SENDER, "C1", plus(71_000), 60_000, 30_000)).not.toBeNull();

      const report = {
        mailboxId: SENDER,
        messageId: "C1",
        reportId: "R1",
        status: "undeliverable" as const,
        code: "14",
        description: "Not collected",
        at: plus(5 * 86_400_000),
      };
      expect(await linkReport(db(), report)).toBe(true);
      expect(await getSentMessage(db(), SENDER, "C1")).toMatchObject({
        status: "undeliverable",
        ndrMessageId: "R1",
        statusCode: "14",
        nextCheckAt: null,
      });
      expect(await linkReport(db(), { ...report, reportId: "R2" })).toBe(false);
      expect(await linkReport(db(), { ...report, messageId: "UNKNOWN" })).toBe(false);
      expect(await claimCheckNow(db(), SENDER, "C1", plus(6 * 86_400_000), 60_000, 30_000)).toBeNull();
    });
  },
  { seed: true },
);
