import type { Ctx } from "../context";
import type { MessageRow } from "../db/schema";
import { MeshError, ValidationError } from "../errors";
import { compactTime, isoTime, mediaType, sendJson, tooLong } from "../http-util";
import { statusSuccess } from "../message-rows";

/** Far above any real id (ours are 27 characters, mesh-sandbox's 32). */
const MAX_MESSAGE_ID = 100;

type Copies = { id: string; recipient: string }[];

/** v1 spells statuses and types in Title case (`Accepted`, `Data`). */
export const titleCase = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s);

function party(ctx: Ctx, id: string) {
  return ctx.app.directory.mailboxes.get(id);
}

/**
 * v1 shape (camelCase, Title-case status, compact times). The sender sees the address it used as
 * `recipient`; where the message really went is in `redirectedTo` and `copies` (ADR 0107).
 */
export function trackingV1(ctx: Ctx, m: MessageRow, copies: Copies): Record<string, unknown> {
  const rcpt = party(ctx, m.addressedTo);
  const snd = party(ctx, m.sender);
  const failed = m.status === "undeliverable" || m.status === "error";
  const body: Record<string, unknown> = {
    addressType: "ALL",
    checksum: m.checksum,
    chunkCount: m.totalChunks,
    compressFlag: m.compressed ? "Y" : null,
    contentEncoding: m.contentEncoding,
    downloadTimestamp: compactTime(m.acknowledgedAt) ?? null,
    dtsId: m.id,
    encryptedFlag: m.encrypted ? "Y" : null,
    expiryTime: compactTime(m.inboxExpiresAt) ?? null,
    failureDate: failed ? compactTime(m.statusAt) : null,
    failureDiagnostic: failed ? m.statusDescription : null,
    fileName: m.fileName,
    fileSize: m.fileSize,
    isCompressed: m.compressed ? "Y" : null,
    linkedMsgId: m.linkedMessageId,
    localId: m.localId,
    meshRecipientOdsCode: rcpt?.odsCode ?? null,
    messageId: m.id,
    messageType: m.messageType,
    partnerId: m.partnerId,
    recipient: m.addressedTo,
    recipientName: rcpt?.mailboxName ?? null,
    recipientOrgCode: rcpt?.orgCode ?? null,
    recipientOrgName: rcpt?.orgName ?? null,
    recipientSmtp: null,
    sender: m.sender,
    senderName: snd?.mailboxName ?? null,
    senderOdsCode: snd?.odsCode ?? null,
    senderOrgCode: snd?.orgCode ?? null,
    senderOrgName: snd?.orgName ?? null,
    senderSmtp: null,
    status: titleCase(m.status),
    statusCode: m.statusCode,
    statusDescription: m.statusDescription,
    statusEvent: m.statusEvent,
    statusSuccess: statusSuccess(m) ? "SUCCESS" : "ERROR",
    statusTimestamp: compactTime(m.statusAt),
    subject: m.subject,
    uploadTimestamp: compactTime(m.acceptedAt ?? m.createdAt),
    version: "1.0",
    workflowId: m.workflowId,
  };
  if (m.redirectedTo) body.redirectedTo = m.redirectedTo;
  if (copies.length) body.copies = copies.map((c) => ({ messageId: c.id, recipient: c.recipient }));
  return body;
}

export function trackingV2(ctx: Ctx, m: MessageRow, copies: Copies): Record<string, unknown> {
  const rcpt = party(ctx, m.addressedTo);
  const body: Record<string, unknown> = {
    message_id: m.id,
    local_id: m.localId,
    workflow_id: m.workflowId,
    filename: m.fileName,
    expiry_time: isoTime(m.inboxExpiresAt),
    upload_timestamp: isoTime(m.acceptedAt ?? m.createdAt),
    recipient: m.addressedTo,
    recipient_name: rcpt?.mailboxName,
    recipient_ods_code: rcpt?.odsCode,
    recipient_org_code: rcpt?.orgCode,
    recipient_org_name: rcpt?.orgName,
    status: m.status,
    status_success: statusSuccess(m),
    status_event: m.statusEvent,
    status_code: m.statusCode,
    status_description: m.statusDescription,
    status_timestamp: isoTime(m.statusAt),
    redirected_to: m.redirectedTo,
    copies: copies.length ? copies.map((c) => ({ message_id: c.id, recipient: c.recipient })) : undefined,
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== undefined && v !== ""));
}

export async function tracking(ctx: Ctx): Promise<void> {
  const raw = ctx.url.searchParams.get("messageID") ?? ctx.url.searchParams.get("message_id");
  if (!raw) throw new ValidationError([{ type: "missing", loc: ["query", "messageID"], msg: "Field required" }]);
  if (raw.length > MAX_MESSAGE_ID) throw tooLong("query", "messageID", MAX_MESSAGE_ID);
  const id = raw.trim().toUpperCase();
  const m = await ctx.app.store.get(id);
  // Someone else's message answers 404, not 403, so ids of other mailboxes cannot be probed.
  if (!m || m.sender !== ctx.mailbox!.mailboxId || m.copyOf) throw new MeshError(404, "Message does not exist", "TRACKING", "20", id);
  const copies = await ctx.app.store.copiesOf(id);
  if (ctx.version === 2) sendJson(ctx.res, 200, trackingV2(ctx, m, copies), mediaType(2));
  else sendJson(ctx.res, 200, trackingV1(ctx, m, copies));
}

export async function trackingByLocalId(ctx: Ctx): Promise<void> {
  const localId = decodeURIComponent(ctx.params.localId!);
  const rows = await ctx.app.store.byLocalId(ctx.mailbox!.mailboxId, localId);
  if (rows.length === 0) throw new MeshError(404, "Message does not exist", "TRACKING", "20");
  if (rows.length > 1) throw new MeshError(300, "Multiple messages found with this local id", "TRACKING", "");
  const m = rows[0]!;
  sendJson(ctx.res, 200, trackingV1(ctx, m, await ctx.app.store.copiesOf(m.id)));
}
