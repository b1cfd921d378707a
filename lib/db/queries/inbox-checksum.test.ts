import { expect, it } from "vitest";
import { describeEachDatabase } from "../test-databases";
import { getChecksumResult, getInboxMessage, recordChecksumResult, upsertInboxMessages } from "./inbox";

const box = "Y90001OT";
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute));

describeEachDatabase(
  "checksum results",
  ({ db }) => {
    it("is null until a download compares the bytes", async () => {
      await upsertInboxMessages(db(), box, [{ messageId: "C1", receivedAt: at(0), checksum: "sha256:00" }]);
      expect(await getChecksumResult(db(), box, "C1")).toBeNull();
      expect(await getChecksumResult(db(), box, "NOT-INDEXED")).toBeNull();
    });

    it("records a mismatch, and a later good download replaces it", async () => {
      expect(await recordChecksumResult(db(), box, "C1", false, at(5))).toBe(true);
      expect(await getChecksumResult(db(), box, "C1")).toEqual({ ok: false, checkedAt: at(5) });
      expect(await recordChecksumResult(db(), box, "C1", true, at(6))).toBe(true);
      expect(await getChecksumResult(db(), box, "C1")).toEqual({ ok: true, checkedAt: at(6) });
    });

    it("says false for a message that is not indexed, and is scoped to the mailbox", async () => {
      expect(await recordChecksumResult(db(), box, "NOT-INDEXED", false)).toBe(false);
      expect(await recordChecksumResult(db(), "Y90002OT", "C1", false)).toBe(false);
      expect(await getChecksumResult(db(), box, "C1")).toMatchObject({ ok: true });
    });

    it("is kept when the sync sees the message again", async () => {
      await upsertInboxMessages(db(), box, [{ messageId: "C1", receivedAt: at(0), subject: "again" }]);
      expect(await getInboxMessage(db(), box, "C1")).toMatchObject({ subject: "again", checksumOk: true, checksumCheckedAt: at(6) });
    });
  },
  { seed: true },
);
