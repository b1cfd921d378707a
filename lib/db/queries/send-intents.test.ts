import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../test-databases";
import { claimSendIntent, completeSendIntent, createSendIntent, findSendIntent, releaseSendIntent } from "./send-intents";
import { listRecentRecipients, recordSent } from "./sent";
import { listSendableWorkflows } from "./workflows";

const SENDER = "R9XRECS1";
const GRACE = "555000000003";
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 9, minutes));

describeEachDatabase(
  "sending",
  ({ db }) => {
    describe("send intents", () => {
      it("are claimed once, answer with their result, and can be released after a failure", async () => {
        const keyHash = "k1";
        await createSendIntent(db(), {
          keyHash,
          mailboxId: SENDER,
          personId: GRACE,
          answers: { recipient: "Y90001OT" },
          expiresAt: new Date(Date.now() + 60_000),
        });
        const [first, second] = await Promise.all([
          claimSendIntent(db(), keyHash, SENDER, GRACE, new Date()),
          claimSendIntent(db(), keyHash, SENDER, GRACE, new Date()),
        ]);
        expect([first, second].filter(Boolean)).toHaveLength(1);
        await releaseSendIntent(db(), keyHash);
        expect(await claimSendIntent(db(), keyHash, SENDER, "someone-else", new Date())).toBeNull();
        expect(await claimSendIntent(db(), keyHash, SENDER, GRACE, new Date())).not.toBeNull();
        await completeSendIntent(db(), keyHash, { messageId: "M1" });
        await releaseSendIntent(db(), keyHash); // a sent key stays sent
        expect(await findSendIntent(db(), keyHash)).toMatchObject({ state: "sent", result: { messageId: "M1" } });
        expect(await claimSendIntent(db(), keyHash, SENDER, GRACE, new Date())).toBeNull();
      });

      it("cannot be claimed once expired", async () => {
        await createSendIntent(db(), {
          keyHash: "k2",
          mailboxId: SENDER,
          personId: GRACE,
          answers: {},
          expiresAt: new Date(Date.now() - 1),
        });
        expect(await claimSendIntent(db(), "k2", SENDER, GRACE, new Date())).toBeNull();
      });
    });

    it("lists recent recipients newest first, each once, with the latest name", async () => {
      const sent = (messageId: string, recipient: string, minutes: number, recipientName: string | null) =>
        recordSent(db(), {
          mailboxId: SENDER,
          messageId,
          sentBy: GRACE,
          recipientMailboxId: recipient,
          recipientName,
          workflowId: "MAILROOM_FILE",
          sentAt: at(minutes),
        });
      await sent("A", "Y90001OT", 1, "Old name");
      await sent("B", "Y90002OT", 2, "Hillside Surgery");
      await sent("C", "Y90001OT", 3, "Riverside Medical Practice");
      expect(await listRecentRecipients(db(), SENDER)).toMatchObject([
        { mailboxId: "Y90001OT", name: "Riverside Medical Practice", lastSentAt: at(3) },
        { mailboxId: "Y90002OT", name: "Hillside Surgery" },
      ]);
    });

    it("offers each mailbox the workflows the demo lets it send, by plain name", async () => {
      expect((await listSendableWorkflows(db(), SENDER)).map((w) => w.workflowId).sort()).toEqual(["MAILROOM_FILE", "TOC_FHIR_IP_DISCH"]);
      expect(await listSendableWorkflows(db(), "X26ABC1")).toContainEqual({
        workflowId: "TEST_WORKFLOW",
        name: "Test messages (MESH sandbox)",
      });
    });
  },
  { seed: true },
);
