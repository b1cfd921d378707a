import { z } from "zod";

export const MESH_ERROR_KINDS = [
  "unauthorised",
  "unknown-recipient",
  "workflow-not-permitted",
  "not-found",
  "gone",
  "too-large",
  "unavailable",
  "protocol",
  "cancelled",
  "timeout",
  "bad-request",
] as const;

export type MeshErrorKind = (typeof MESH_ERROR_KINDS)[number];

export type MeshErrorDetails = {
  kind: MeshErrorKind;
  /** HTTP status, when the server answered. */
  status?: number;
  /** MESH error code such as `12` or `EPL-151`, when the body carried one. */
  code?: string;
  /** MESH event such as `SEND` or `RECEIVE`, when the body carried one. */
  event?: string;
  /** The server's own description, kept for logs; `message` is the plain sentence. */
  description?: string;
  messageId?: string;
  cause?: unknown;
};

/** The only error type `lib/mesh` throws. `message` is a plain sentence fit for a log or a CLI. */
export class MeshError extends Error {
  readonly kind: MeshErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly event?: string;
  readonly description?: string;
  readonly messageId?: string;

  constructor(message: string, details: MeshErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "MeshError";
    this.kind = details.kind;
    this.status = details.status;
    this.code = details.code;
    this.event = details.event;
    this.description = details.description;
    this.messageId = details.messageId;
  }
}

export function isMeshError(error: unknown, kind?: MeshErrorKind): error is MeshError {
  return error instanceof MeshError && (kind === undefined || error.kind === kind);
}

const v1ErrorSchema = z.looseObject({
  messageID: z.string().nullish(),
  errorEvent: z.string().nullish(),
  errorCode: z.union([z.string(), z.number()]).nullish(),
  errorDescription: z.string(),
});

const v2ErrorSchema = z.looseObject({
  message_id: z.string().nullish(),
  internal_id: z.string().nullish(),
  detail: z
    .array(
      z.looseObject({
        event: z.string().nullish(),
        code: z.union([z.string(), z.number()]).nullish(),
        msg: z.string().nullish(),
        // Validation errors (a list of FastAPI-style items) name the offending field here.
        loc: z.array(z.union([z.string(), z.number()])).nullish(),
      }),
    )
    .min(1),
});

const genericErrorSchema = z.looseObject({ message: z.string() });

type ParsedErrorBody = { code?: string; event?: string; description?: string; messageId?: string };

const blankToUndefined = (value: string | number | null | undefined) => {
  const text = value === null || value === undefined ? "" : String(value).trim();
  return text === "" ? undefined : text;
};

/** Reads a MESH error body in any of its shapes: v1, v2, FastAPI validation, generic, or not JSON. */
export function parseErrorBody(body: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // The real service can answer a 5xx with SOAP/XML; a fragment is still worth logging.
    const text = body.trim().slice(0, 200);
    return text ? { description: text } : {};
  }
  const v2 = v2ErrorSchema.safeParse(json);
  if (v2.success) {
    const first = v2.data.detail[0];
    const field = first?.loc?.filter((part) => part !== "header" && part !== "query").join(".");
    const msg = blankToUndefined(first?.msg);
    return {
      code: blankToUndefined(first?.code),
      event: blankToUndefined(first?.event),
      description: field && msg ? `${msg} (${field})` : msg,
      messageId: blankToUndefined(v2.data.message_id),
    };
  }
  const v1 = v1ErrorSchema.safeParse(json);
  if (v1.success) {
    return {
      code: blankToUndefined(v1.data.errorCode),
      event: blankToUndefined(v1.data.errorEvent),
      description: blankToUndefined(v1.data.errorDescription),
      messageId: blankToUndefined(v1.data.messageID),
    };
  }
  const generic = genericErrorSchema.safeParse(json);
  if (generic.success) return { description: blankToUndefined(generic.data.message.split("\n")[0]) };
  return {};
}

const UNKNOWN_RECIPIENT_CODES = new Set(["08", "12", "EPL-150", "EPL-151", "EPL-152", "EPL-153", "EPL-154"]);
const WORKFLOW_CODES = new Set(["16", "17"]);

/** Chooses the caller-facing kind for an HTTP error from MESH (docs/mesh-protocol.md). */
export function errorKindFor(status: number, code: string | undefined): MeshErrorKind {
  if (status === 401 || status === 403) return "unauthorised";
  if (code && WORKFLOW_CODES.has(code)) return "workflow-not-permitted";
  // EPL-151 also means "your own mailbox does not exist" on a 403, handled above.
  if (code && UNKNOWN_RECIPIENT_CODES.has(code)) return "unknown-recipient";
  if (status === 404) return "not-found";
  if (status === 410) return "gone";
  if (status === 413) return "too-large";
  if (status === 408) return "timeout";
  if (status === 425 || status === 429 || status >= 500) return "unavailable";
  // 300 is the local-id tracking answer "more than one message has this local id".
  if (status >= 400 || status === 300) return "bad-request";
  return "protocol";
}

const SENTENCES: Record<MeshErrorKind, string> = {
  unauthorised: "MESH refused the credentials or access to this resource",
  "unknown-recipient": "MESH does not know the recipient mailbox",
  "workflow-not-permitted": "This workflow is not permitted for the sender or the recipient",
  "not-found": "MESH has no such message or resource",
  gone: "The message is no longer available",
  "too-large": "The message or chunk is larger than MESH accepts",
  unavailable: "The MESH server is unavailable or busy",
  protocol: "The MESH server gave a response this client does not understand",
  cancelled: "The request was cancelled",
  timeout: "The MESH server did not respond in time",
  "bad-request": "MESH rejected the request",
};

/** Builds the MeshError for a non-success HTTP answer. */
export function meshErrorFromResponse(status: number, body: string, context: string): MeshError {
  const parsed = parseErrorBody(body);
  const kind = errorKindFor(status, parsed.code);
  const extra = [parsed.code ? `code ${parsed.code}` : undefined, parsed.description].filter(Boolean).join(": ");
  const message = `${SENTENCES[kind]} (${context}: HTTP ${status}${extra ? `, ${extra}` : ""}).`;
  return new MeshError(message, { kind, status, ...parsed });
}

/** Builds a MeshError of one kind with the standard opening sentence. */
export function meshError(kind: MeshErrorKind, detail: string, extra: Partial<MeshErrorDetails> = {}): MeshError {
  return new MeshError(`${SENTENCES[kind]}: ${detail}`, { ...extra, kind });
}
