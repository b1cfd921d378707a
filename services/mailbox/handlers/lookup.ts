import { randomUUID } from "node:crypto";
import type { Ctx } from "../context";
import { MeshError } from "../errors";
import { mediaType, sendJson } from "../http-util";

function receivers(ctx: Ctx, workflowId: string) {
  const ids = new Set(ctx.app.directory.workflows.filter((w) => w.workflowId === workflowId).flatMap((w) => w.receivers));
  return [...ids].map((id) => ctx.app.directory.mailboxes.get(id)).filter((m) => m !== undefined);
}

export function endpointLookup(ctx: Ctx): void {
  const ods = decodeURIComponent(ctx.params.ods ?? "").trim();
  const wf = decodeURIComponent(ctx.params.workflowId ?? "").trim();
  if (!ods) throw new MeshError(400, "ods code missing", "", "");
  if (!wf) throw new MeshError(400, "workflow id missing", "", "");
  const found = receivers(ctx, wf).filter((m) => m.odsCode === ods);
  if (ctx.version === 2) {
    sendJson(ctx.res, 200, { results: found.map((m) => ({ mailbox_id: m.mailboxId, mailbox_name: m.mailboxName })) }, mediaType(2));
  } else {
    sendJson(ctx.res, 200, {
      query_id: `${new Date().toISOString().replace(/\D/g, "").slice(0, 17)}_${randomUUID().slice(0, 6)}`,
      results: found.map((m) => ({ address: m.mailboxId, description: m.mailboxName, endpoint_type: "MESH" })),
    });
  }
}

export function workflowSearch(ctx: Ctx): void {
  const wf = decodeURIComponent(ctx.params.workflowId ?? "").trim();
  if (!wf) throw new MeshError(400, "workflow id missing", "", "");
  const found = receivers(ctx, wf);
  sendJson(ctx.res, 200, { results: found.map((m) => ({ mailbox_id: m.mailboxId, mailbox_name: m.mailboxName })) }, mediaType(ctx.version));
}
