import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "../test-databases";
import {
  countUnopened,
  findIndexedMessageIds,
  getInboxMessage,
  getInboxMessages,
  listInbox,
  listWorkflows,
  markAcknowledged,
  markGone,
  markOpened,
  upsertInboxMessages,
  type InboxMessageInput,
} from "./inbox";
import { getSentMessage, listSent, recordSent, updateSentStatus } from "./sent";

const base = new Date("2026-03-01T00:00:00Z").getTime();
const minutes = (n: number) => new Date(base + n * 60_000);

const message = (id: string, n: number, extra: Partial<InboxMessageInput> = {}): InboxMessageInput => ({
  messageId: id,
  senderMailboxId: "R9XPATH1",
  senderOrgName: "Northgate Hospitals NHS Trust",
  workflowId: "PATH_MEDRPT_V3",
  subject: `Result ${n}`,
  fileName: `result-${n}.csv`,
  contentType: "text/csv",
  sizeBytes: 100 + n,
  receivedAt: minutes(n),
  ...extra,
});

describeEachDatabase(
  "message indexes",
  ({ db }) => {
    describe("inbox", () => {
      const box = "Y90001OT";

      it("upserts, keeps earlier metadata when a later sighting lacks it, and reads back", async () => {
        await upsertInboxMessages(
          db(),
          box,
          [message("M1", 1), message("M2", 2, { workflowId: "MAILROOM_FILE", subject: "Discharge 50%_off" })],
          minutes(10),
        );
        await upsertInboxMessages(db(), box, [{ messageId: "M1", receivedAt: minutes(1), subject: "Result 1 (corrected)" }], minutes(11));
        const m1 = await getInboxMessage(db(), box, "M1");
        expect(m1).toMatchObject({
          subject: "Result 1 (corrected)",
          fileName: "result-1.csv",
          sizeBytes: 101,
          messageType: "DATA",
          chunkCount: 1,
        });
        expect(m1?.indexedAt).toEqual(minutes(11));
        expect(await getInboxMessage(db(), box, "NOPE")).toBeNull();
        expect([...(await findIndexedMessageIds(db(), box, ["M1", "M2", "M3"]))].sort()).toEqual(["M1", "M2"]);
        expect((await getInboxMessages(db(), box, ["M2", "M9"])).map((m) => m.messageId)).toEqual(["M2"]);
      });

      it("lists newest first and filters by search, workflow and opened", async () => {
        await upsertInboxMessages(
          db(),
          box,
          [
            message("M3", 3, {
              messageType: "REPORT",
              statusCode: "14",
              statusEvent: "TRANSFER",
              statusDescription: "Undelivered",
              linkedMessageId: "S1",
              workflowId: "MAILROOM_FILE",
            }),
          ],
          minutes(12),
        );
        expect((await listInbox(db(), { mailboxId: box })).rows.map((r) => r.messageId)).toEqual(["M3", "M2", "M1"]);
        expect((await listInbox(db(), { mailboxId: box, workflow: "MAILROOM_FILE" })).total).toBe(2);
        expect((await listInbox(db(), { mailboxId: box, search: "result-1" })).rows.map((r) => r.messageId)).toEqual(["M1"]);
        expect((await listInbox(db(), { mailboxId: box, search: "NORTHGATE" })).total).toBe(3);
        // Wildcards typed by the user are literal characters.
        expect((await listInbox(db(), { mailboxId: box, search: "50%_" })).rows.map((r) => r.messageId)).toEqual(["M2"]);
        expect((await listInbox(db(), { mailboxId: box, search: "%" })).rows.map((r) => r.messageId)).toEqual(["M2"]);
        expect((await listInbox(db(), { mailboxId: box, search: "   " })).total).toBe(3);
        expect(await listWorkflows(db(), box)).toEqual(["MAILROOM_FILE", "PATH_MEDRPT_V3"]);
        expect((await listInbox(db(), { mailboxId: "R9XRECS1" })).total).toBe(0);
      });

      it("records the first open and first acknowledgement once", async () => {
        expect(await countUnopened(db(), box)).toBe(3);
        expect(await markOpened(db(), box, "M1", minutes(20))).toEqual({ at: minutes(20), first: true });
        expect(await markOpened(db(), box, "M1", minutes(21))).toEqual({ at: minutes(20), first: false });
        expect(await markOpened(db(), box, "NOPE", minutes(21))).toBeNull();
        expect(await countUnopened(db(), box)).toBe(2);
        expect((await listInbox(db(), { mailboxId: box, opened: true })).rows.map((r) => r.messageId)).toEqual(["M1"]);
        expect((await listInbox(db(), { mailboxId: box, opened: false })).rows.map((r) => r.messageId)).toEqual(["M3", "M2"]);

        expect(await markAcknowledged(db(), box, "M1", minutes(22))).toEqual({ at: minutes(22), first: true });
        expect(await markAcknowledged(db(), box, "M1", minutes(23))).toEqual({ at: minutes(22), first: false });
        expect((await listInbox(db(), { mailboxId: box })).rows.map((r) => r.messageId)).toEqual(["M3", "M2"]);
        // Acknowledged messages keep their history and are not revived by a stale listing.
        await upsertInboxMessages(db(), box, [message("M1", 1)], minutes(24));
        expect((await getInboxMessage(db(), box, "M1"))?.acknowledgedAt).toEqual(minutes(22));
        expect((await listInbox(db(), { mailboxId: box })).total).toBe(2);
      });

      it("marks messages missing from a complete listing as gone, sparing ones indexed after it", async () => {
        await upsertInboxMessages(db(), box, [message("M4", 4)], minutes(40)); // indexed after the listing below
        const gone = await markGone(db(), { mailboxId: box, presentIds: ["M3"], listedAt: minutes(30), now: minutes(31) });
        expect(gone).toBe(1); // M2 (M1 is acknowledged, M4 is newer than the listing)
        expect((await getInboxMessage(db(), box, "M2"))?.goneAt).toEqual(minutes(31));
        expect((await listInbox(db(), { mailboxId: box })).rows.map((r) => r.messageId)).toEqual(["M4", "M3"]);
        expect(await countUnopened(db(), box)).toBe(2);
        // Seen again: back in the inbox.
        await upsertInboxMessages(db(), box, [message("M2", 2)], minutes(50));
        expect((await getInboxMessage(db(), box, "M2"))?.goneAt).toBeNull();
        expect(await markGone(db(), { mailboxId: box, presentIds: [], listedAt: minutes(60) })).toBe(3);
        expect((await listInbox(db(), { mailboxId: box })).total).toBe(0);
      });

      it("returns the right first and later pages of a 10,000-message inbox", async () => {
        const big = "R9XRECS1";
        const all = Array.from({ length: 10_000 }, (_, i) =>
          message(`BIG-${String(i).padStart(5, "0")}`, i, {
            // Every 7th message shares its received_at with the previous one, to exercise the tie-break.
            receivedAt: minutes(i % 7 === 0 && i > 0 ? i - 1 : i),
            workflowId: i % 3 === 0 ? "TOC_FHIR_IP_DISCH" : "MAILROOM_FILE",
            senderMailboxId: i % 2 === 0 ? "Y90001OT" : "Y90002OT",
          }),
        );
        await upsertInboxMessages(db(), big, all, minutes(0));
        // Some of the newest have left the inbox and must not appear.
        await markAcknowledged(db(), big, "BIG-09999", minutes(1));
        await markGone(db(), {
          mailboxId: big,
          presentIds: all.filter((m) => m.messageId !== "BIG-09998").map((m) => m.messageId),
          listedAt: minutes(1),
        });

        const expected = all
          .filter((m) => m.messageId !== "BIG-09999" && m.messageId !== "BIG-09998")
          .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || (a.messageId < b.messageId ? 1 : -1))
          .map((m) => m.messageId);

        const first = await listInbox(db(), { mailboxId: big, page: 1, pageSize: 50 });
        expect(first.total).toBe(9_998);
        expect(first.totalPages).toBe(200);
        expect(first.rows.map((r) => r.messageId)).toEqual(expected.slice(0, 50));
        const tenth = await listInbox(db(), { mailboxId: big, page: 10, pageSize: 50 });
        expect(tenth.rows.map((r) => r.messageId)).toEqual(expected.slice(450, 500));
        const last = await listInbox(db(), { mailboxId: big, page: 999, pageSize: 50 });
        expect(last.page).toBe(200);
        expect(last.rows.map((r) => r.messageId)).toEqual(expected.slice(9_950));

        const filtered = await listInbox(db(), { mailboxId: big, workflow: "TOC_FHIR_IP_DISCH", search: "y90002", pageSize: 20 });
        const expectedFiltered = all.filter(
          (m, i) => i % 3 === 0 && i % 2 === 1 && m.messageId !== "BIG-09999" && m.messageId !== "BIG-09998",
        );
        expect(filtered.total).toBe(expectedFiltered.length);
        expect(filtered.rows[0]?.messageId).toBe(expected.find((id) => expectedFiltered.some((m) => m.messageId === id)));
        expect(await countUnopened(db(), big)).toBe(9_998);
      });
    });

    describe("sent", () => {
      const box = "Y90002OT";
      const sent = (id: string, n: number, recipient = "R9XRECS1") => ({
        mailboxId: box,
        messageId: id,
        sentBy: "555000000004",
        recipientMailboxId: recipient,
        recipientName: "Northgate Hospitals – Medical Records",
        workflowId: "MAILROOM_FILE",
        subject: `Referral ${n}`,
        fileName: `referral-${n}.pdf`,
        contentType: "application/pdf",
        sizeBytes: 2048,
        checksum: "md5:abc",
        sentAt: minutes(n),
      });

      it("records sent messages once and lists them newest first", async () => {
        const first = await recordSent(db(), sent("S1", 1));
        expect(first).toMatchObject({ status: "accepted", statusUpdatedAt: minutes(1), ndrMessageId: null });
        expect(await recordSent(db(), { ...sent("S1", 1), subject: "changed" })).toMatchObject({ subject: "Referral 1" });
        await recordSent(db(), sent("S2", 2, "Y90001OT"));
        await recordSent(db(), sent("S3", 3));
        const page = await listSent(db(), { mailboxId: box });
        expect(page.rows.map((r) => r.messageId)).toEqual(["S3", "S2", "S1"]);
        expect((await listSent(db(), { mailboxId: box, search: "y90001" })).rows.map((r) => r.messageId)).toEqual(["S2"]);
        expect((await listSent(db(), { mailboxId: box, pageSize: 2, page: 2 })).rows.map((r) => r.messageId)).toEqual(["S1"]);
      });

      it("moves a status on from accepted only", async () => {
        expect(await updateSentStatus(db(), { mailboxId: box, messageId: "S1", status: "acknowledged", at: minutes(5) })).toBe(true);
        expect(
          await updateSentStatus(db(), {
            mailboxId: box,
            messageId: "S2",
            status: "undeliverable",
            at: minutes(6),
            ndrMessageId: "NDR1",
            ndrDescription: "Message not collected by recipient after 5 days",
          }),
        ).toBe(true);
        // Final statuses stay final, and unknown messages change nothing.
        expect(await updateSentStatus(db(), { mailboxId: box, messageId: "S1", status: "error", at: minutes(7) })).toBe(false);
        expect(await updateSentStatus(db(), { mailboxId: box, messageId: "NOPE", status: "error" })).toBe(false);
        expect(await getSentMessage(db(), box, "S1")).toMatchObject({ status: "acknowledged", statusUpdatedAt: minutes(5) });
        expect(await getSentMessage(db(), box, "S2")).toMatchObject({ status: "undeliverable", ndrMessageId: "NDR1" });
        expect((await listSent(db(), { mailboxId: box, status: "accepted" })).rows.map((r) => r.messageId)).toEqual(["S3"]);
      });
    });
  },
  { seed: true },
);
