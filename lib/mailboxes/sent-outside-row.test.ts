import { describe, expect, it } from "vitest";
import type { RichMessage, TrackingV1 } from "@/lib/mesh";
import { isListableOutboxRow, outsideSentRow } from "./sent-outside-row";

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
