import { randomUUID } from "node:crypto";

export type ApiVersion = 1 | 2;

export type ValidationItem = { type: string; loc: string[]; msg: string };

/** Thrown by handlers; the router turns it into the MESH error envelope of the request's API version. */
export class MeshError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly event = "",
    readonly code = "",
    readonly messageId?: string,
    /** Extra response headers (e.g. `Connection: close` after refusing an oversized body). */
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

/** FastAPI-style 400 list, as mesh-sandbox answers missing or over-long headers and query values. */
export class ValidationError extends Error {
  constructor(readonly items: ValidationItem[]) {
    super(items.map((i) => `${i.loc.join(".")}: ${i.msg}`).join("; "));
  }
}

/** Errors mesh-sandbox raises without detail (406, 423, 500) share one generic body. */
export class GenericError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export const GENERIC_BODY = { message: "An internal error occurred.\n\nPlease contact support." };

export function errorBody(err: MeshError, version: ApiVersion): Record<string, unknown> {
  if (version === 2) {
    return {
      ...(err.messageId ? { message_id: err.messageId } : {}),
      internal_id: randomUUID(),
      detail: [{ event: err.event, code: err.code, msg: err.description }],
    };
  }
  return {
    ...(err.messageId ? { messageID: err.messageId } : {}),
    errorEvent: err.event,
    errorCode: err.code,
    errorDescription: err.description,
  };
}

export const Errors = {
  notFound: (messageId?: string) => new MeshError(404, "Message does not exist", "RECEIVE", "20", messageId),
  gone: (messageId?: string) =>
    new MeshError(410, "Message no longer available for download", "RECEIVE", "Message already accepted", messageId),
  forbidden: () => new MeshError(403, "Forbidden"),
  chunkRange: (messageId?: string, description = "Invalid chunk values sent in mex-Chunk-Range header") =>
    new MeshError(417, description, "SEND", "InvalidHeaderChunks", messageId),
  malformed: () => new MeshError(400, "MalformedControlFile", "TRANSFER", "06"),
};
