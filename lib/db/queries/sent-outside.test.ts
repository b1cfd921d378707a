import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../test-databases";
import {
  claimSendIntent,
  completeSendIntent,
  createSendIntent,
  listSendingIntents,
  releaseSendIntent,
  touchSendIntent,
} from "./send-intents";
import { findSentIds, getSentMessage, recordSent, recordSentOutside, updateSentStatus } from "./sent";

const SENDER = "R9XRECS1";
const PRACTICE = "Y90001OT";
const GRACE = "555000000003";
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, seconds));

const outside = (messageId: string) => ({
  mailboxId: SENDER,
  messageId,
  recipientMailboxId: PRACTICE,
  workflowId: "MAILROOM_FILE",
  fileName: "from elsewhere.csv",
  sentAt: at(0),
  status: "accepted" as const,
  statusUpdatedAt: at(0),
  nextCheckAt: at(60),
});

describeEachDatabase(
  "messages sent outside Mailroom",
  ({ db }) => {
    describe("the sent index", () => {
      it("records a message found in the outbox once, with no person, and never over Mailroom's own record", async () => {
        expect(await recordSentOutside(db(), outside("OUT1"))).toBe(true);
        expect(await recordSentOutside(db(), outside("OUT1"))).toBe(false);
        expect(await getSentMessage(db(), SENDER, "OUT1")).toMatchObject({ sentBy: null, fileName: "from elsewhere.csv" });

        await recordSent(db(), {
          mailboxId: SENDER,
          messageId: "MINE1",
          sentBy: GRACE,
          recipientMailboxId: PRACTICE,
          workflowId: "MAILROOM_FILE",
          fileName: "mine.csv",
          sentAt: at(5),
        });
        expect(await recordSentOutside(db(), outside("MINE1"))).toBe(false);
        expect(await getSentMessage(db(), SENDER, "MINE1")).toMatchObject({ sentBy: GRACE, fileName: "mine.csv" });
        expect(await findSentIds(db(), SENDER, ["OUT1", "MINE1", "NEW"])).toEqual(new Set(["OUT1", "MINE1"]));
        expect(await findSentIds(db(), PRACTICE, ["OUT1"])).toEqual(new Set());
      });

      it("lets Mailroom's record of its own send replace what the outbox fill recorded first, keeping the status learnt", async () => {
        // The fill found the message between MESH accepting it and Mailroom recording it.
        await recordSentOutside(db(), { ...outside("RACE1"), fileName: null });
        await updateSentStatus(db(), { mailboxId: SENDER, messageId: "RACE1", status: "acknowledged", at: at(30) });
        const row = await recordSent(db(), {
          mailboxId: SENDER,
          messageId: "RACE1",
          sentBy: GRACE,
          recipientMailboxId: PRACTICE,
          recipientName: "Riverside",
          workflowId: "MAILROOM_FILE",
          fileName: "clinic.csv",
          sizeBytes: 12,
          sentAt: at(1),
        });
        expect(row).toMatchObject({ sentBy: GRACE, fileName: "clinic.csv", sizeBytes: 12, status: "acknowledged" });
        // A repeated record of a Mailroom send still keeps the first.
        const again = await recordSent(db(), {
          mailboxId: SENDER,
          messageId: "RACE1",
          sentBy: "someone-else",
          recipientMailboxId: PRACTICE,
          workflowId: "MAILROOM_FILE",
          fileName: "other.csv",
          sentAt: at(2),
        });
        expect(again).toMatchObject({ sentBy: GRACE, fileName: "clinic.csv" });
      });
    });

    describe("sends in progress", () => {
      it("are listed while their process marks them alive, and not once sent, released or left behind", async () => {
        const issue = (keyHash: string) =>
          createSendIntent(db(), {
            keyHash,
            mailboxId: SENDER,
            personId: GRACE,
            answers: { recipient: PRACTICE, fileName: `${keyHash}.csv` },
            expiresAt: new Date(Date.now() + 3_600_000),
          });
        for (const key of ["s1", "s2", "s3", "s4"]) await issue(key);
        const now = new Date();
        const ago = (ms: number) => new Date(now.getTime() - ms);
        // s1 was claimed two minutes ago and its process kept marking it; s4's process died then.
        await claimSendIntent(db(), "s1", SENDER, GRACE, ago(120_000));
        await touchSendIntent(db(), "s1", ago(5_000));
        await claimSendIntent(db(), "s2", SENDER, GRACE, ago(10_000));
        await claimSendIntent(db(), "s3", SENDER, GRACE, ago(8_000));
        await claimSendIntent(db(), "s4", SENDER, GRACE, ago(120_000));
        const listed = async () => (await listSendingIntents(db(), SENDER, ago(60_000))).map((intent) => intent.keyHash);

        // The latest started first.
        expect(await listed()).toEqual(["s3", "s2", "s1"]);
        await completeSendIntent(db(), "s2", { messageId: "X" });
        await releaseSendIntent(db(), "s3");
        expect(await listed()).toEqual(["s1"]);
        // A released key is not marked alive by a late timer.
        await touchSendIntent(db(), "s3", now);
        expect(await listed()).toEqual(["s1"]);
        expect(await listSendingIntents(db(), PRACTICE, ago(60_000))).toEqual([]);
      });
    });
  },
  { seed: true },
);
