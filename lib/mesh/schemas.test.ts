import { describe, expect, it } from "vitest";
import { parseJsonResponse } from "./requests";
import { isMeshError } from "./errors";
import {
  addressResultsSchema,
  inboxPageSchema,
  messageHeadersSchema,
  parseMeshTime,
  richPageSchema,
  sendResponseSchema,
  trackingSchema,
  trackingV1Schema,
} from "./schemas";

describe("parseMeshTime", () => {
  it("reads compact UTC and ISO with or without a zone", () => {
    expect(parseMeshTime("20200606122153")?.toISOString()).toBe("2020-06-06T12:21:53.000Z");
    expect(parseMeshTime("202006061221")?.toISOString()).toBe("2020-06-06T12:21:00.000Z");
    expect(parseMeshTime("2024-03-11T11:24:33.123456")?.toISOString()).toBe("2024-03-11T11:24:33.123Z");
    expect(parseMeshTime("2020-06-01T12:21:52+01:00")?.toISOString()).toBe("2020-06-01T11:21:52.000Z");
    expect(parseMeshTime("yesterday")).toBeUndefined();
  });
});

describe("response schemas", () => {
  it("reads the message id from v2 and v1 send answers", () => {
    expect(sendResponseSchema.parse({ message_id: "A" })).toEqual({ messageId: "A" });
    expect(sendResponseSchema.parse({ messageID: "B" })).toEqual({ messageId: "B" });
    expect(sendResponseSchema.safeParse({}).success).toBe(false);
  });

  it("reads an inbox page with its relative next link", () => {
    const page = inboxPageSchema.parse({
      messages: ["A", "B"],
      links: { self: "/messageexchange/X/inbox", next: "/messageexchange/X/inbox?continue_from=t" },
      approx_inbox_count: 7,
    });
    expect(page).toEqual({ messageIds: ["A", "B"], next: "/messageexchange/X/inbox?continue_from=t", approxInboxCount: 7 });
    expect(inboxPageSchema.parse({ messages: [] })).toEqual({ messageIds: [], next: undefined, approxInboxCount: undefined });
  });

  it("reads v2 tracking as the sandbox and the spec write it", () => {
    const tracking = trackingSchema.parse({
      message_id: "M1",
      status: "accepted",
      status_success: true,
      expiry_time: "20200606122153",
      upload_timestamp: "2024-03-11T11:24:33.123456",
      recipient: "X26ABC2",
      local_id: null,
    });
    expect(tracking).toMatchObject({ messageId: "M1", status: "accepted", statusSuccess: true, recipient: "X26ABC2" });
    expect(tracking.localId).toBeUndefined();
    expect(tracking.expiryTime?.toISOString()).toBe("2020-06-06T12:21:53.000Z");
  });

  it("reads v1 tracking with title-case status and type", () => {
    const tracking = trackingV1Schema.parse({
      messageId: "M1",
      dtsId: "M1",
      fileSize: 12,
      status: "Accepted",
      messageType: "Data",
      statusSuccess: "SUCCESS",
      compressFlag: "Y",
      uploadTimestamp: "20240311112433",
    });
    expect(tracking).toMatchObject({ status: "accepted", messageType: "DATA", statusSuccess: true, compressFlag: true, fileSize: 12 });
  });

  it("reads address look-up results", () => {
    expect(addressResultsSchema.parse({ results: [{ mailbox_id: "X26ABC2", mailbox_name: "Two" }] })).toEqual([
      { mailboxId: "X26ABC2", mailboxName: "Two" },
    ]);
  });

  it("reads a rich outbox row whose blanks are empty strings", () => {
    const page = richPageSchema.parse({
      valid_at: "2024-03-11T11:24:33",
      messages: [
        { message_id: "M", local_id: "", message_type: "DATA", status: "accepted", total_chunks: 1, sent_date: "2024-03-11T11:24:33" },
      ],
    });
    expect(page.messages[0]).toMatchObject({ messageId: "M", localId: undefined, status: "accepted", totalChunks: 1 });
  });

  it("says whether a rich inbox row tells what a HEAD would", () => {
    const details = {
      subject: null,
      file_name: "results.csv",
      content_type: "text/csv",
      checksum: null,
      file_size: 12,
      status_event: "TRANSFER",
      status_description: null,
      status_timestamp: "2024-03-11T11:24:33.120",
      linked_message_id: null,
    };
    const row = { message_id: "M", sender: "X26ABC1", sender_name: "Northgate – Records", ...details };
    const described = (r: Record<string, unknown>) => richPageSchema.parse({ messages: [r] }).messages[0]!.described;
    expect(described(row)).toBe(true);
    expect(richPageSchema.parse({ messages: [row] }).messages[0]).toMatchObject({
      fileSize: 12,
      statusEvent: "TRANSFER",
      subject: undefined,
    });
    // mesh-sandbox's rows lack the fields; a name no header could carry is for a HEAD to refuse.
    expect(described({ message_id: "M", sender: "X26ABC1" })).toBe(false);
    const { file_size: _size, ...withoutSize } = row;
    expect(described(withoutSize)).toBe(false);
    expect(described({ ...row, file_name: "bad\r\nname.csv" })).toBe(false);
    expect(described({ ...row, subject: "snow \u2603" })).toBe(false);
  });

  it("turns download headers into typed metadata", () => {
    const meta = messageHeadersSchema.parse({
      "mex-messageid": "M1",
      "mex-messagetype": "DATA",
      "mex-from": "X26ABC1",
      "mex-to": "X26ABC2",
      "mex-workflowid": "TEST_WORKFLOW",
      "mex-chunk-range": "1:3",
      "mex-content-compressed": "Y",
      "mex-content-type": "text/csv",
      "content-type": "application/octet-stream",
      "mex-statussuccess": "SUCCESS",
      "mex-statustimestamp": "20240311112433",
      "content-length": "42",
    });
    expect(meta).toMatchObject({
      messageId: "M1",
      chunkCount: 3,
      chunkNumber: 1,
      compressed: true,
      encrypted: false,
      contentType: "text/csv",
      statusSuccess: true,
      contentLength: 42,
    });
  });

  it("treats a report's 1:0 range as a single empty part", () => {
    expect(messageHeadersSchema.parse({ "mex-messagetype": "REPORT", "mex-chunk-range": "1:0", "mex-total-chunks": "0" }).chunkCount).toBe(
      1,
    );
  });

  it("rejects a malformed chunk range", () => {
    expect(messageHeadersSchema.safeParse({ "mex-chunk-range": "one of three" }).success).toBe(false);
  });

  it("rejects headers whose values are not what MESH sends", () => {
    const issue = (headers: Record<string, unknown>) => {
      const parsed = messageHeadersSchema.safeParse(headers);
      return parsed.success ? "parsed" : parsed.error.issues[0]?.message;
    };
    expect(issue({ "content-length": "12.5" })).toBe("not an integer: 12.5");
    expect(issue({ "mex-total-chunks": "many" })).toBe("not an integer: many");
    expect(issue({ "mex-statustimestamp": "yesterday" })).toBe("not a MESH timestamp: yesterday");
    expect(issue({ "mex-to": ["X26ABC1", "X26ABC2"] })).toBe("mex-to is not text");
    expect(issue({ "mex-content-encrypted": 1 })).toBe("mex-content-encrypted is not a flag");
    expect(issue({ "mex-messageid": "", "mex-content-encrypted": "N", "mex-statustimestamp": "2024-03-11T11:24:33" })).toBe("parsed");
  });

  it("reads the headers of a real response, defaults included", () => {
    const meta = messageHeadersSchema.parse({
      "mex-messagetype": "report",
      "mex-statustimestamp": "2024-03-11T11:24:33",
      "content-encoding": "GZIP",
      "mex-total-chunks": "4",
      "mex-chunk-range": "2:4",
      connection: "keep-alive",
    });
    expect(meta).toEqual({
      messageId: undefined,
      messageType: "REPORT",
      from: undefined,
      to: undefined,
      workflowId: undefined,
      chunkCount: 4,
      chunkNumber: 2,
      localId: undefined,
      partnerId: undefined,
      subject: undefined,
      fileName: undefined,
      checksum: undefined,
      contentType: undefined,
      compressed: false,
      encrypted: false,
      statusCode: undefined,
      statusEvent: undefined,
      statusDescription: undefined,
      statusSuccess: undefined,
      statusTimestamp: new Date("2024-03-11T11:24:33Z"),
      linkedMessageId: undefined,
      contentEncoding: "gzip",
      contentLength: undefined,
    });
  });
});

describe("parseJsonResponse", () => {
  it("turns bad JSON and wrong shapes into protocol errors", () => {
    const notJson = (() => {
      try {
        parseJsonResponse("<html>", inboxPageSchema, "inbox list");
      } catch (error) {
        return error;
      }
    })();
    expect(isMeshError(notJson, "protocol")).toBe(true);
    expect(() => parseJsonResponse('{"messages": "A"}', inboxPageSchema, "inbox list")).toThrow(/unexpected shape at messages/);
  });
});
