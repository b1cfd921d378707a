import { z } from "zod";
import { checkJsonBody } from "../admin-guard";
import { OffsetClock } from "../clock";
import type { Ctx } from "../context";
import { MEX_HEADER_LIMITS } from "../../../lib/mesh/header-limits";
import { MeshError, ValidationError } from "../errors";
import { headerSafe, inTimeRange, isoTime, sendEmpty, sendJson } from "../http-util";
import { DAY_MS, RETENTION_MS, reportRow } from "../message-rows";
import { titleCase, trackingV1 } from "./tracking";

async function readJson(ctx: Ctx): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new MeshError(413, "Admin request body too large");
    parts.push(chunk);
  }
  const text = Buffer.concat(parts).toString("utf8").trim();
  if (!text) return {};
  checkJsonBody(ctx);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ type: "json_invalid", loc: ["body"], msg: "JSON decode error" }]);
  }
}

function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new ValidationError(r.error.issues.map((i) => ({ type: i.code, loc: ["body", ...i.path.map(String)], msg: i.message })));
  }
  return r.data;
}

async function deleteMessages(ctx: Ctx, ids: string[]): Promise<void> {
  const orphaned = await ctx.app.store.deleteRows(ids);
  for (const o of orphaned) await ctx.app.chunks.remove(o.storageId, o.totalChunks);
}

export async function resetAll(ctx: Ctx): Promise<void> {
  await ctx.app.store.deleteAll();
  await ctx.app.chunks.removeAll();
  await ctx.app.reloadDirectory();
  sendJson(ctx.res, 200, { message: "all mailboxes reset" });
}

/**
 * Empties the mailbox's inbox; what it sent to other mailboxes stays in theirs. Unlike mesh-sandbox the
 * messages are really deleted (ADR 0108), and its outbox still lists what it sent (ADR 0102).
 */
export async function resetMailbox(ctx: Ctx): Promise<void> {
  const id = ctx.params.mailboxId!;
  if (!ctx.app.directory.mailboxes.has(id)) throw new MeshError(404, "Not Found");
  await deleteMessages(ctx, await ctx.app.store.idsInInbox(id));
  sendJson(ctx.res, 200, { message: `mailbox ${id} reset` });
}

/** Admin fields end up in `mex-*` response headers, so they are held to the same rules as those headers. */
const headerText = (max: number) =>
  z.string().max(max).refine(headerSafe, { message: "must not hold control characters or characters above U+00FF" });
const optionalText = (max: number) => headerText(max).nullish();
const limit = (name: string) => MEX_HEADER_LIMITS[name]!;

const ReportBody = z.object({
  mailbox_id: headerText(limit("mex-to")).min(1),
  code: headerText(100),
  description: headerText(limit("mex-subject")),
  workflow_id: headerText(limit("mex-workflowid")).min(1),
  subject: optionalText(limit("mex-subject")),
  local_id: optionalText(limit("mex-localid")),
  file_name: optionalText(limit("mex-filename")),
  linked_message_id: optionalText(limit("mex-to")),
  // mesh-sandbox answers another status with a 500; a 400 says what is wrong (ADR 0102).
  status: z.enum(["undeliverable", "error"]).default("undeliverable"),
});

export async function injectReport(ctx: Ctx): Promise<void> {
  const body = parseBody(ReportBody, await readJson(ctx));
  const mailboxId = body.mailbox_id.trim().toUpperCase();
  if (!ctx.app.directory.mailboxes.has(mailboxId)) throw new MeshError(404, "Not Found");
  const now = ctx.app.clock.now();
  const ndr = body.status === "undeliverable";
  const row = reportRow({
    now,
    recipient: mailboxId,
    workflowId: body.workflow_id,
    status: body.status,
    event: ndr ? "SEND" : "TRANSFER",
    code: ndr ? "14" : body.code,
    description: ndr ? "Message not collected by recipient after 5 days" : body.description,
    subject: ndr ? (body.subject ? `NDR: ${body.subject}` : "NDR") : body.subject,
    localId: body.local_id,
    fileName: body.file_name,
    // Kept exactly as given, as mesh-sandbox keeps it.
    linkedMessageId: body.linked_message_id,
  });
  await ctx.app.store.insertMany([row]);
  sendJson(ctx.res, 200, { message_id: row.id });
}

const EventBody = z.object({
  status: headerText(100).min(1),
  code: optionalText(100),
  event: optionalText(100),
  description: optionalText(limit("mex-subject")),
  linked_message_id: optionalText(limit("mex-to")),
});

export async function addEvent(ctx: Ctx): Promise<void> {
  const body = parseBody(EventBody, await readJson(ctx));
  const id = ctx.params.messageId!;
  const m = await ctx.app.store.get(id);
  if (!m) throw new MeshError(404, "Not Found");
  const now = ctx.app.clock.now();
  const status = body.status.toLowerCase();
  const finished = status !== "accepted" && status !== "uploading";
  await ctx.app.store.setStatus(
    id,
    {
      status,
      code: body.code ?? undefined,
      event: body.event ?? undefined,
      description: body.description ?? undefined,
      linked_message_id: body.linked_message_id ?? undefined,
      timestamp: now.toISOString(),
    },
    now,
    {
      ...(status === "acknowledged" ? { acknowledgedAt: now } : {}),
      deleteAfter: finished ? new Date((m.acceptedAt ?? m.createdAt).getTime() + RETENTION_MS) : null,
    },
  );
  sendEmpty(ctx.res, 200);
}

export function mailboxDetails(ctx: Ctx): void {
  const m = ctx.app.directory.mailboxes.get(ctx.params.mailboxId ?? "");
  if (!m) throw new MeshError(404, "Not Found");
  sendJson(ctx.res, 200, {
    mailbox_id: m.mailboxId,
    mailbox_name: m.mailboxName,
    billing_entity: m.billingEntity,
    ods_code: m.odsCode,
    org_code: m.orgCode,
    org_name: m.orgName,
    active: m.active,
  });
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Fields that are times; every other field left unset is the empty string, as mesh-sandbox gives it. */
const TIME_FIELDS = new Set(["download_timestamp", "expiry_time", "failure_date"]);

export async function messageDetails(ctx: Ctx): Promise<void> {
  const m = await ctx.app.store.get(ctx.params.messageId!);
  if (!m) throw new MeshError(404, "Not Found");
  const v1 = trackingV1(ctx, m, await ctx.app.store.copiesOf(m.id));
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(v1).map(([k, v]) => [snake(k), v]));
  Object.assign(out, {
    recipient: m.recipient,
    addressed_to: m.addressedTo,
    copy_of: m.copyOf,
    message_type: titleCase(m.messageType),
    status: titleCase(m.status),
    chunk_count: m.totalChunks,
    chunks_received: m.chunksReceived,
    is_compressed: m.compressed,
    is_encrypted: m.encrypted,
    linked_msg_id: m.linkedMessageId,
    download_timestamp: isoTime(m.acknowledgedAt) ?? null,
    expiry_time: isoTime(m.inboxExpiresAt) ?? null,
    created_timestamp: isoTime(m.createdAt),
    events: m.events,
  });
  for (const [k, v] of Object.entries(out)) if (v === null && !TIME_FIELDS.has(k)) out[k] = "";
  sendJson(ctx.res, 200, out);
}

// A century either way is more than any test needs, and keeps the clock inside what the database can hold.
const CENTURY_DAYS = 36_525;
const ClockBody = z.object({
  advance_ms: z
    .number()
    .min(-CENTURY_DAYS * DAY_MS)
    .max(CENTURY_DAYS * DAY_MS)
    .optional(),
  advance_days: z.number().min(-CENTURY_DAYS).max(CENTURY_DAYS).optional(),
  set: z.string().optional(),
  sweep: z.boolean().default(true),
});

/** Test-only (MAILBOX_TEST_CLOCK=1): move the lifecycle clock, then run the sweep unless told not to. */
export async function moveClock(ctx: Ctx): Promise<void> {
  const clock = ctx.app.clock;
  if (!(clock instanceof OffsetClock)) throw new MeshError(404, "Not Found");
  const body = parseBody(ClockBody, await readJson(ctx));
  const from = body.set !== undefined ? Date.parse(body.set) : clock.now().getTime();
  const ms = (body.advance_ms ?? 0) + (body.advance_days ?? 0) * DAY_MS;
  if (!inTimeRange(from) || !inTimeRange(from + ms)) {
    throw new ValidationError([
      { type: "datetime_parsing", loc: ["body", body.set !== undefined ? "set" : "advance_ms"], msg: "Invalid date" },
    ]);
  }
  if (body.set !== undefined) clock.set(new Date(from));
  if (ms) clock.advance(ms);
  const swept = body.sweep ? await ctx.app.sweep() : { expired: 0, deleted: 0 };
  sendJson(ctx.res, 200, { now: clock.now().toISOString(), ...swept });
}

export async function sweepNow(ctx: Ctx): Promise<void> {
  sendJson(ctx.res, 200, { now: ctx.app.clock.now().toISOString(), ...(await ctx.app.sweep()) });
}
