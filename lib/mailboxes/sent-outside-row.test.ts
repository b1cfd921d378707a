import { describe, expect, it } from "vitest";
import type { RichMessage, TrackingV1 } from "@/lib/mesh";
import { isListableOutboxRow, newOutboxRows, outsideSentRow } from "./sent-outside-row";

const MAILBOX = "R9XRECS1";
const sentAt = new Date("2026-12-01T09:00:00Z");
const now = new Date("2026-12-01T10:00:00Z");
const firstCheck = (at: Date) => new Date(at.getTime() + 60_000);

const rich = (extra: Partial<RichMessage> = {}) =>
  ({
    messageId: "M1",
    sender: MAILBOX,
    recipient: "y90001ot",
    recipientName: "Riverside",
    workflowId: "MAILROOM_FILE",
    localId: "REF-1",
    messageType: "DATA",
    status: "accepted",
    sentDate: sentAt,
    described: false,
    ...extra,
  }) as RichMessage;
const tracking = (extra: Partial<TrackingV1> = {}) =>
  ({
    messageId: "M1",
    status: "accepted",
    fileName: "list.csv",
    subject: "March",
    fileSize: 42,
    checksum: "md5:x",
    ...extra,
  }) as TrackingV1;

describe("rows of the rich outbox", () => {
  it("lists messages this mailbox sent, not reports, uploads still in progress or another sender's", () => {
    expect(isListableOutboxRow(rich(), MAILBOX)).toBe(true);
    expect(isListableOutboxRow(rich({ sender: "r9xrecs1" }), MAILBOX)).toBe(true);
    expect(isListableOutboxRow(rich({ messageType: "REPORT" }), MAILBOX)).toBe(false);
    expect(isListableOutboxRow(rich({ status: "uploading" }), MAILBOX)).toBe(false);
    expect(isListableOutboxRow(rich({ sender: "Y90002OT" }), MAILBOX)).toBe(false);
  });

  it("records a waiting message with tracking's file details, to be tracked from the first check", () => {
    expect(outsideSentRow(MAILBOX, rich(), tracking(), now, firstCheck)).toEqual({
      mailboxId: MAILBOX,
      messageId: "M1",
      recipientMailboxId: "Y90001OT",
      recipientName: "Riverside",
      workflowId: "MAILROOM_FILE",
      subject: "March",
      localId: "REF-1",
      fileName: "list.csv",
      contentType: null,
      sizeBytes: 42,
      checksum: "md5:x",
      sentAt,
      status: "accepted",
      statusUpdatedAt: sentAt,
      statusCode: null,
      ndrDescription: null,
      expiresAt: null,
      nextCheckAt: new Date(sentAt.getTime() + 60_000),
    });
  });

  it("records a final message as final, with the time MESH gives, never to be tracked again", () => {
    const received = new Date("2026-12-01T09:30:00Z");
    expect(
      outsideSentRow(MAILBOX, rich(), tracking({ status: "acknowledged", downloadTimestamp: received }), now, firstCheck),
    ).toMatchObject({ status: "acknowledged", statusUpdatedAt: received, nextCheckAt: null });
    expect(
      outsideSentRow(MAILBOX, rich(), tracking({ status: "undeliverable", statusTimestamp: received }), now, firstCheck),
    ).toMatchObject({ status: "undeliverable", statusCode: "14", statusUpdatedAt: received, nextCheckAt: null });
    expect(
      outsideSentRow(MAILBOX, rich(), tracking({ status: "error", statusCode: "06", statusDescription: "Bad" }), now, firstCheck),
    ).toMatchObject({ status: "error", statusCode: "06", ndrDescription: "Bad", statusUpdatedAt: sentAt });
  });

  it("leaves out what tracking calls a report or still uploading, and a row with no recipient", () => {
    expect(outsideSentRow(MAILBOX, rich(), tracking({ messageType: "REPORT" }), now, firstCheck)).toBeNull();
    expect(outsideSentRow(MAILBOX, rich(), tracking({ status: "uploading" }), now, firstCheck)).toBeNull();
    expect(outsideSentRow(MAILBOX, rich({ recipient: undefined }), tracking(), now, firstCheck)).toBeNull();
  });

  it("takes an unknown state as waiting, and the send time from tracking when the row lacks it", () => {
    const uploaded = new Date("2026-12-01T08:59:00Z");
    expect(
      outsideSentRow(MAILBOX, rich({ sentDate: undefined }), tracking({ status: "mystery", uploadTimestamp: uploaded }), now, firstCheck),
    ).toMatchObject({ status: "accepted", sentAt: uploaded });
  });
});

describe("walking the rich outbox", () => {
  // Pages of 3, newest first: ids P0-0 … P3-2.
  const pages = Array.from({ length: 4 }, (_, p) => ({
    messages: Array.from({ length: 3 }, (_, i) => rich({ messageId: `P${p}-${i}` })),
    next: p < 3 ? `page-${p + 1}` : undefined,
  }));
  const walk = (known: string[], extra: { maxPages?: number; wanted?: number } = {}) => {
    const asked: string[] = [];
    const run = newOutboxRows(MAILBOX, pages[0]!, {
      nextPage: async (next) => {
        asked.push(next);
        return pages[Number(next.slice(5))] ?? null;
      },
      known: async (ids) => new Set(ids.filter((id) => known.includes(id))),
      maxPages: extra.maxPages ?? 5,
      wanted: extra.wanted ?? 25,
    });
    return run.then((rows) => ({ ids: rows.map((row) => row.messageId), asked }));
  };

  it("stops at the first page with nothing new: older pages were seen by earlier fills", async () => {
    expect(await walk(["P1-0", "P1-1", "P1-2"])).toEqual({ ids: ["P0-0", "P0-1", "P0-2"], asked: ["page-1"] });
    expect(await walk(["P0-0", "P0-1", "P0-2"])).toEqual({ ids: [], asked: [] });
  });

  it("reads no more than the page bound, and stops once it has as many as it may describe", async () => {
    expect((await walk([], { maxPages: 2 })).asked).toEqual(["page-1"]);
    expect(await walk([], { wanted: 4 })).toEqual({ ids: ["P0-0", "P0-1", "P0-2", "P1-0"], asked: ["page-1"] });
    expect((await walk([])).ids).toHaveLength(12);
  });

  it("leaves out reports and uploads in progress without counting them as new", async () => {
    const first = {
      messages: [rich({ messageId: "R", messageType: "REPORT" }), rich({ messageId: "U", status: "uploading" })],
      next: "page-1",
    };
    const rows = await newOutboxRows(MAILBOX, first, {
      nextPage: async () => pages[1]!,
      known: async () => new Set(),
      maxPages: 5,
      wanted: 25,
    });
    expect(rows).toEqual([]);
  });
});
