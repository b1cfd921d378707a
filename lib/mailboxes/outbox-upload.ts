import "server-only";
import { env } from "@/lib/env";
import { isSameOriginRequest } from "@/lib/http/same-origin";
import { checkMailboxApi, type MailboxAccess } from "./access";
import { failures, type SendFailure } from "./send-failures";
import { auditRefusal, claimSendKey, refuseClaim, sendClaimedFile, type SendOutcome } from "./send-file";
import { uploadLimitForRequest } from "./upload-limit";

export const SEND_KEY_HEADER = "x-mailroom-send-key";
export const SHA256_HEADER = "x-mailroom-sha256";

const NO_STORE = { "Cache-Control": "no-store" };

export function failureResponse(failure: SendFailure): Response {
  const { status, ...body } = failure;
  // A refusal before the body is read closes the connection, so the browser stops sending the file.
  const headers = status === 413 ? { ...NO_STORE, Connection: "close" } : NO_STORE;
  return Response.json(body, { status, headers });
}

export function outcomeResponse(outcome: SendOutcome): Response {
  if (!outcome.ok) return failureResponse(outcome.failure);
  return Response.json({ ...outcome.sent, replayed: outcome.replayed }, { status: outcome.replayed ? 200 : 201, headers: NO_STORE });
}

/**
 * The checks every upload route makes before reading a byte of the body: signed in (counts as
 * activity), granted the mailbox, same origin. Refusals after the session is known are audited.
 */
export async function checkUploadRequest(
  request: Request,
  params: Promise<{ mailboxId: string }>,
): Promise<{ ok: true; access: MailboxAccess; limitBytes: number } | { ok: false; response: Response }> {
  const gate = await checkMailboxApi((await params).mailboxId);
  if (!gate.ok) return gate;
  if (!isSameOriginRequest(request.headers, env().AUTH_URL)) return refuseEarly(gate.access, failures.crossSite());
  const { limitBytes } = await uploadLimitForRequest();
  const declared = declaredLength(request);
  if (declared !== undefined && declared > limitBytes) return refuseEarly(gate.access, failures.tooLarge(limitBytes));
  return { ok: true, access: gate.access, limitBytes };
}

export async function refuseEarly(access: MailboxAccess, failure: SendFailure): Promise<{ ok: false; response: Response }> {
  await auditRefusal(access, failure);
  return { ok: false, response: failureResponse(failure) };
}

export function declaredLength(request: Request): number | undefined {
  const value = request.headers.get("content-length");
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** `POST /api/mailboxes/{id}/outbox`: the file as the raw body, its answers from the send key (docs/sending.md). */
export async function handleOutboxUpload(request: Request, params: Promise<{ mailboxId: string }>): Promise<Response> {
  const check = await checkUploadRequest(request, params);
  if (!check.ok) return check.response;
  const { access, limitBytes } = check;
  const key = request.headers.get(SEND_KEY_HEADER)?.trim();
  if (!key) return (await refuseEarly(access, failures.keyUnknown())).response;
  const browserSha256 = request.headers.get(SHA256_HEADER)?.trim().toLowerCase();
  if (!browserSha256 || !/^[0-9a-f]{64}$/.test(browserSha256)) {
    return (await refuseEarly(access, failures.answersInvalid(`Send the file's SHA-256 in ${SHA256_HEADER} as 64 hexadecimal digits.`)))
      .response;
  }

  const claim = await claimSendKey(access, key);
  if (!claim.ok) return outcomeResponse(claim.outcome);
  const declared = declaredLength(request);
  const body = request.body ?? (async function* () {})();
  if (declared !== undefined && claim.answers.size !== undefined && declared !== claim.answers.size) {
    const failure = declared === 0 ? failures.empty() : failures.differs(`it is ${declared} bytes, not ${claim.answers.size}`);
    return outcomeResponse(await refuseClaim(access, claim, failure));
  }
  return outcomeResponse(
    await sendClaimedFile(access, claim, { body: body as AsyncIterable<Uint8Array>, limitBytes, browserSha256, signal: request.signal }),
  );
}
