import { z } from "zod";

/**
 * Parses the time formats MESH uses: compact UTC `yyyyMMddHHmmss` / `yyyyMMddHHmm`, and ISO 8601
 * with or without a zone (mesh-sandbox omits the zone; its times are UTC). Undefined if unparsable.
 */
export function parseMeshTime(text: string): Date | undefined {
  const value = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(value);
  if (compact) {
    const [, y, mo, d, h, mi, s] = compact;
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? "0")));
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  // JavaScript's Date keeps milliseconds only; Python emits microseconds.
  const trimmed = value.replace(/(\.\d{3})\d+/, "$1");
  const date = new Date(hasZone || !value.includes("T") ? trimmed : `${trimmed}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v === "" ? undefined : v));

const optionalTime = z
  .string()
  .nullish()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v === "") return undefined;
    const date = parseMeshTime(v);
    if (!date) {
      ctx.addIssue({ code: "custom", message: `not a MESH timestamp: ${v}` });
      return z.NEVER;
    }
    return date;
  });

/** Flags arrive as `Y`/`N`, booleans, strings such as `true`, or (status) `SUCCESS`/`ERROR`. */
const optionalFlag = z.union([z.boolean(), z.string()]).nullish().transform(flagValue);

const optionalInt = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v === "") return undefined;
    const n = typeof v === "number" ? v : Number(v);
    if (!Number.isInteger(n)) {
      ctx.addIssue({ code: "custom", message: `not an integer: ${v}` });
      return z.NEVER;
    }
    return n;
  });

// v2 answers `message_id`, v1 `messageID`; accept either so a server that ignores Accept still works.
export const sendResponseSchema = z
  .looseObject({ message_id: z.string().min(1).optional(), messageID: z.string().min(1).optional() })
  .refine((body) => body.message_id ?? body.messageID, { message: "no message_id in the response" })
  .transform((body) => ({ messageId: body.message_id ?? body.messageID ?? "" }));

export const inboxPageSchema = z
  .looseObject({
    messages: z.array(z.string()),
    links: z.looseObject({ self: optionalText, next: optionalText }).nullish(),
    approx_inbox_count: optionalInt,
  })
  .transform((body) => ({
    messageIds: body.messages,
    next: body.links?.next,
    approxInboxCount: body.approx_inbox_count,
  }));
export type InboxPage = z.output<typeof inboxPageSchema>;

export const countSchema = z.looseObject({ count: z.number().int().nonnegative() }).transform((b) => b.count);

export const trackingSchema = z
  .looseObject({
    message_id: z.string().min(1),
    local_id: optionalText,
    workflow_id: optionalText,
    filename: optionalText,
    expiry_time: optionalTime,
    upload_timestamp: optionalTime,
    recipient: optionalText,
    recipient_name: optionalText,
    recipient_ods_code: optionalText,
    recipient_org_code: optionalText,
    recipient_org_name: optionalText,
    // Lower-case in v2 (uploading, accepted, acknowledged, undeliverable, error); normalised anyway.
    status: optionalText.transform((v) => v?.toLowerCase()),
    status_success: optionalFlag,
    status_event: optionalText,
    status_code: optionalText,
    status_description: optionalText,
    status_timestamp: optionalTime,
  })
  .transform((b) => ({
    messageId: b.message_id,
    localId: b.local_id,
    workflowId: b.workflow_id,
    fileName: b.filename,
    expiryTime: b.expiry_time,
    uploadTimestamp: b.upload_timestamp,
    recipient: b.recipient,
    recipientName: b.recipient_name,
    recipientOdsCode: b.recipient_ods_code,
    recipientOrgCode: b.recipient_org_code,
    recipientOrgName: b.recipient_org_name,
    status: b.status,
    statusSuccess: b.status_success,
    statusEvent: b.status_event,
    statusCode: b.status_code,
    statusDescription: b.status_description,
    statusTimestamp: b.status_timestamp,
  }));
/** Tracking in the v2 shape; every field but `messageId` may be absent. */
export type Tracking = z.output<typeof trackingSchema>;

export const trackingV1Schema = z.looseObject({
  messageId: z.string().min(1),
  dtsId: optionalText,
  fileSize: optionalInt,
  localId: optionalText,
  workflowId: optionalText,
  fileName: optionalText,
  subject: optionalText,
  checksum: optionalText,
  chunkCount: optionalInt,
  contentEncoding: optionalText,
  compressFlag: optionalFlag,
  encryptedFlag: optionalFlag,
  isCompressed: optionalFlag,
  // Title-case in v1 (Accepted); mesh-sandbox spells the type Data/Report, the real service DATA.
  status: optionalText.transform((v) => v?.toLowerCase()),
  messageType: optionalText.transform((v) => v?.toUpperCase()),
  statusCode: optionalText,
  statusEvent: optionalText,
  statusDescription: optionalText,
  statusSuccess: optionalFlag,
  statusTimestamp: optionalTime,
  uploadTimestamp: optionalTime,
  downloadTimestamp: optionalTime,
  expiryTime: optionalTime,
  failureDate: optionalTime,
  failureDiagnostic: optionalText,
  linkedMsgId: optionalText,
  sender: optionalText,
  senderName: optionalText,
  senderOdsCode: optionalText,
  recipient: optionalText,
  recipientName: optionalText,
  recipientOrgCode: optionalText,
  recipientOrgName: optionalText,
  meshRecipientOdsCode: optionalText,
  partnerId: optionalText,
});
/** Tracking in the v1 shape (also what the deprecated local-id tracking returns). */
export type TrackingV1 = z.output<typeof trackingV1Schema>;

const mailboxRowSchema = z
  .looseObject({ mailbox_id: z.string().min(1), mailbox_name: optionalText })
  .transform((r) => ({ mailboxId: r.mailbox_id, mailboxName: r.mailbox_name }));
export type MailboxAddress = z.output<typeof mailboxRowSchema>;

export const addressResultsSchema = z.looseObject({ results: z.array(mailboxRowSchema) }).transform((b) => b.results);

const richRowSchema = z
  .looseObject({
    message_id: z.string().min(1),
    expiry_timestamp: optionalTime,
    local_id: optionalText,
    message_type: optionalText.transform((v) => v?.toUpperCase()),
    recipient: optionalText,
    recipient_name: optionalText,
    sender: optionalText,
    sender_name: optionalText,
    sent_date: optionalTime,
    status: optionalText.transform((v) => v?.toLowerCase()),
    status_code: optionalText,
    workflow_id: optionalText,
    total_chunks: optionalInt,
    file_name: optionalText,
    subject: optionalText,
    content_type: optionalText,
    checksum: optionalText,
    file_size: optionalInt,
    status_event: optionalText,
    status_description: optionalText,
    status_timestamp: optionalTime,
    linked_message_id: optionalText,
  })
  .transform((r) => ({
    messageId: r.message_id,
    expiryTimestamp: r.expiry_timestamp,
    localId: r.local_id,
    messageType: r.message_type,
    recipient: r.recipient,
    recipientName: r.recipient_name,
    sender: r.sender,
    senderName: r.sender_name,
    sentDate: r.sent_date,
    status: r.status,
    statusCode: r.status_code,
    workflowId: r.workflow_id,
    totalChunks: r.total_chunks,
    fileName: r.file_name,
    subject: r.subject,
    contentType: r.content_type,
    checksum: r.checksum,
    fileSize: r.file_size,
    statusEvent: r.status_event,
    statusDescription: r.status_description,
    statusTimestamp: r.status_timestamp,
    linkedMessageId: r.linked_message_id,
    described: describesAsHeadWould(r),
  }));
export type RichMessage = z.output<typeof richRowSchema>;

/** Fields a rich inbox row must carry (even as null) to stand in for a HEAD; mesh-sandbox's rows have none. */
export const RICH_DETAIL_FIELDS = [
  "subject",
  "file_name",
  "content_type",
  "checksum",
  "file_size",
  "status_event",
  "status_description",
  "status_timestamp",
  "linked_message_id",
] as const;

/**
 * Whether a row tells everything a HEAD would: every detail field present, and every text one that a
 * MESH header could carry (Latin-1, no control characters), so a row never says more than a HEAD could.
 */
function describesAsHeadWould(row: Record<string, unknown>): boolean {
  return (
    RICH_DETAIL_FIELDS.every((field) => field in row) &&
    HEADER_FIELDS.every((field) => typeof row[field] !== "string" || HEADER_TEXT.test(row[field]))
  );
}
// The row's fields that a HEAD carries as headers (mailbox names are not among them).
const HEADER_FIELDS = [...RICH_DETAIL_FIELDS, "local_id", "message_type", "sender", "status_code", "workflow_id"];
const HEADER_TEXT = /^[\x20-\x7e\xa0-\xff]*$/;

export const richPageSchema = z
  .looseObject({
    messages: z.array(richRowSchema),
    links: z.looseObject({ self: optionalText, next: optionalText }).nullish(),
  })
  .transform((b) => ({ messages: b.messages, next: b.links?.next }));

/** A MESH flag (`Y`, `true`, `SUCCESS` …) as text or a boolean; undefined when absent. */
function flagValue(v: string | boolean | null | undefined): boolean | undefined {
  return typeof v === "string" ? /^(y|yes|true|t|on|1|success)$/i.test(v.trim()) : (v ?? undefined);
}

/**
 * Reads the response headers of a download or HEAD (lower-cased by node:http) field by field. Written
 * out rather than as a zod object of two dozen optional fields: that cost 100–150 µs a response until V8
 * had seen it a few thousand times, and a client downloads far fewer messages than that (ADR 0154).
 */
function readMessageHeaders(h: Record<string, unknown>, ctx: z.RefinementCtx) {
  let failed = false;
  const fail = (message: string) => {
    ctx.addIssue({ code: "custom", message });
    failed = true;
    return undefined;
  };
  const text = (name: string): string | undefined => {
    const v = h[name];
    if (v === undefined || v === null || v === "") return undefined;
    return typeof v === "string" ? v : fail(`${name} is not text`);
  };
  const int = (name: string): number | undefined => {
    const v = h[name];
    if (v === undefined || v === null || v === "") return undefined;
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
    return Number.isInteger(n) ? n : fail(`not an integer: ${String(v)}`);
  };
  const flag = (name: string): boolean | undefined => {
    const v = h[name];
    if (v === undefined || v === null || typeof v === "string" || typeof v === "boolean") return flagValue(v);
    return fail(`${name} is not a flag`);
  };
  const time = (name: string): Date | undefined => {
    const v = text(name);
    if (v === undefined) return undefined;
    return parseMeshTime(v) ?? fail(`not a MESH timestamp: ${v}`);
  };
  const rangeText = text("mex-chunk-range");
  const range = parseChunkRange(rangeText ?? "1:1");
  if (!range) fail(`bad mex-chunk-range: ${rangeText}`);
  const statusSuccess = text("mex-statussuccess");
  const headers = {
    messageId: text("mex-messageid"),
    messageType: text("mex-messagetype")?.toUpperCase() ?? "DATA",
    from: text("mex-from"),
    to: text("mex-to"),
    workflowId: text("mex-workflowid"),
    // Reports have no chunks (mesh-sandbox says 1:0); treat every message as at least one part.
    chunkCount: Math.max(1, range?.total ?? 1, int("mex-total-chunks") ?? 0),
    chunkNumber: range?.chunk ?? 1,
    localId: text("mex-localid"),
    partnerId: text("mex-partnerid"),
    subject: text("mex-subject"),
    fileName: text("mex-filename"),
    checksum: text("mex-content-checksum"),
    // The sender's declared type wins: chunked messages travel as application/octet-stream.
    contentType: text("mex-content-type") ?? text("content-type"),
    compressed: flag("mex-content-compressed") ?? false,
    encrypted: flag("mex-content-encrypted") ?? false,
    statusCode: text("mex-statuscode"),
    statusEvent: text("mex-statusevent"),
    statusDescription: text("mex-statusdescription"),
    statusSuccess: statusSuccess === undefined ? undefined : statusSuccess.toUpperCase() === "SUCCESS",
    statusTimestamp: time("mex-statustimestamp"),
    linkedMessageId: text("mex-linkedmsgid"),
    contentEncoding: text("content-encoding")?.toLowerCase(),
    contentLength: int("content-length"),
  };
  return failed ? z.NEVER : headers;
}

/** Response headers of a download or HEAD, already lower-cased by node:http. */
export const messageHeadersSchema = z
  .custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null, "the headers are not an object")
  .transform(readMessageHeaders);
export type MessageHeaders = z.output<typeof messageHeadersSchema>;

/** Parses `n:N`; undefined when malformed. */
export function parseChunkRange(text: string): { chunk: number; total: number } | undefined {
  const match = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  return { chunk: Number(match[1]), total: Number(match[2]) };
}
