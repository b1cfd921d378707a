import { describe, expect, it } from "vitest";
import { errorKindFor, meshErrorFromResponse, parseErrorBody } from "./errors";

describe("parseErrorBody", () => {
  it("reads the v1 envelope", () => {
    const body = '{"messageID": "ABC", "errorEvent": "SEND", "errorCode": "12", "errorDescription": "Unregistered to address"}';
    expect(parseErrorBody(body)).toEqual({ code: "12", event: "SEND", description: "Unregistered to address", messageId: "ABC" });
  });

  it("reads the v2 envelope", () => {
    const body = '{"message_id": "ABC", "internal_id": "x", "detail": [{"event": "SEND", "code": "12", "msg": "Unregistered to address"}]}';
    expect(parseErrorBody(body)).toEqual({ code: "12", event: "SEND", description: "Unregistered to address", messageId: "ABC" });
  });

  it("treats the sandbox's empty event and code as absent", () => {
    expect(parseErrorBody('{"errorEvent": "", "errorCode": "", "errorDescription": "Not Found"}')).toEqual({
      description: "Not Found",
    });
  });

  it("names the field of a validation error", () => {
    const body = '{"detail": [{"type": "missing", "loc": ["header", "mex-to"], "msg": "Field required"}]}';
    expect(parseErrorBody(body).description).toBe("Field required (mex-to)");
  });

  it("reads the generic body and non-JSON bodies", () => {
    expect(parseErrorBody('{"message": "An internal error occurred.\\n\\nPlease contact support."}').description).toBe(
      "An internal error occurred.",
    );
    expect(parseErrorBody("<soap:Fault>busy</soap:Fault>").description).toBe("<soap:Fault>busy</soap:Fault>");
    expect(parseErrorBody("")).toEqual({});
  });
});

describe("errorKindFor", () => {
  it.each([
    [403, undefined, "unauthorised"],
    [403, "EPL-151", "unauthorised"],
    [401, undefined, "unauthorised"],
    [417, "12", "unknown-recipient"],
    [400, "08", "unknown-recipient"],
    [417, "EPL-153", "unknown-recipient"],
    [417, "16", "workflow-not-permitted"],
    [417, "17", "workflow-not-permitted"],
    [404, "20", "not-found"],
    [410, "Message already accepted", "gone"],
    [413, undefined, "too-large"],
    [429, undefined, "unavailable"],
    [503, undefined, "unavailable"],
    [500, undefined, "unavailable"],
    [400, undefined, "bad-request"],
    [417, "02", "bad-request"],
    [417, "InvalidHeaderChunks", "bad-request"],
    [422, "UnsupportedContentEncoding", "bad-request"],
    [423, undefined, "bad-request"],
    [300, undefined, "bad-request"],
    [302, undefined, "protocol"],
  ] as const)("maps %i with code %s to %s", (status, code, kind) => {
    expect(errorKindFor(status, code)).toBe(kind);
  });
});

describe("meshErrorFromResponse", () => {
  it("carries status, code, event and a plain sentence", () => {
    const error = meshErrorFromResponse(417, '{"detail": [{"event": "SEND", "code": "12", "msg": "Unregistered to address"}]}', "send");
    expect(error).toMatchObject({ name: "MeshError", kind: "unknown-recipient", status: 417, code: "12", event: "SEND" });
    expect(error.message).toBe("MESH does not know the recipient mailbox (send: HTTP 417, code 12: Unregistered to address).");
  });
});
