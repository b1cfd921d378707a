import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { log } from "@/lib/logging/log";
import { errorFields } from "@/lib/logging/logger";
import { checkUploadRequest, failureResponse, outcomeResponse } from "./outbox-upload";
import { failures, type SendFailure } from "./send-failures";
import { claimSendKey, refuseClaim, sendClaimedFile, type SendOutcome } from "./send-file";
import { routes } from "@/lib/routes";

/** The form's field that carries the send key; it must come before the file part. */
export const SEND_KEY_FIELD = "sendKey";
export const FILE_FIELD = "file";

/** Where the browser goes after a send without JavaScript: the pages for these live under app/mailboxes. */
export const formPages = {
  sent: (mailboxId: string, messageId: string) => routes.sentConfirmation(mailboxId, messageId),
  /** Back to the send form; with the send key, which a refused send has released, so it can be tried again. */
  problem: (mailboxId: string, failure: SendFailure, key?: string) => {
    const query = new URLSearchParams({
      error: failure.code,
      ...(key && key.length <= 100 ? { key } : {}),
      ...(failure.field ? { field: failure.field } : {}),
      ...(failure.meshCode ? { meshCode: failure.meshCode } : {}),
    });
    return `/mailboxes/${mailboxId}/send?${query}`;
  },
};

/**
 * Reads a multipart body as a stream: the send key field, then one file, whose bytes go to MESH as
 * they arrive. The key is claimed (and so the answers checked) before any of the file is forwarded.
 */
function sendFromMultipart(
  request: Request,
  run: (key: string, file: Readable, info: busboy.FileInfo) => Promise<SendOutcome>,
): Promise<SendOutcome | SendFailure> {
  return new Promise((resolve) => {
    let key: string | undefined;
    let handled = false;
    let started = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: Object.fromEntries(request.headers),
        // Browsers send a part's filename as UTF-8; busboy's default (Latin-1) would garble "café.txt".
        defParamCharset: "utf8",
        limits: { files: 1, fields: 4, fieldSize: 1024, parts: 6 },
      });
    } catch {
      // busboy throws at once for a content type without a boundary
      return resolve(failures.answersInvalid("Send the form as multipart/form-data, with its boundary."));
    }
    const finish = (result: SendOutcome | SendFailure) => {
      if (handled) return;
      handled = true;
      resolve(result);
    };
    parser.on("field", (name, value) => {
      if (name === SEND_KEY_FIELD) key = value.trim();
    });
    parser.on("file", (name, file, info) => {
      if (name !== FILE_FIELD || handled) return void file.resume();
      if (!key) {
        file.resume();
        return finish(failures.answersInvalid("The form must send its answers before the file. Go back and send the file again."));
      }
      started = true;
      run(key, file, info).then(finish, (error: unknown) => {
        file.resume();
        log.error({ path: new URL(request.url).pathname, ...errorFields(error) }, "send from the form failed");
        finish(failures.incomplete());
      });
    });
    parser.on("error", () => finish(failures.incomplete()));
    // Parsing ends before the send does; only a form that had no file part is answered here.
    parser.on("close", () => started || finish(key ? { ...failures.empty(), error: "Choose a file" } : failures.keyUnknown()));
    const body = request.body ? Readable.fromWeb(request.body as unknown as NodeWebReadableStream<Uint8Array>) : Readable.from([]);
    body.on("error", () => finish(failures.incomplete()));
    body.pipe(parser);
  });
}

/**
 * `POST /api/mailboxes/{id}/outbox/form`: the send form without JavaScript. Answers with a redirect
 * to the confirmation page, or back to the send form with the problem, unless the caller asks for JSON.
 */
export async function handleOutboxForm(request: Request, params: Promise<{ mailboxId: string }>): Promise<Response> {
  const check = await checkUploadRequest(request, params);
  if (!check.ok) return check.response;
  const { access, limitBytes } = check;
  if (!/^multipart\/form-data/i.test(request.headers.get("content-type") ?? ""))
    return failureResponse(failures.answersInvalid("Send the form as multipart/form-data."));

  let postedKey: string | undefined;
  const result = await sendFromMultipart(request, async (key, file, info) => {
    postedKey = key;
    const claim = await claimSendKey(access, key);
    if (!claim.ok) return claim.outcome;
    if (!info.filename) return refuseClaim(access, claim, { ...failures.empty(), error: "Choose a file" });
    return sendClaimedFile(access, claim, {
      body: file,
      file: { fileName: info.filename, contentType: info.mimeType },
      limitBytes,
      signal: request.signal,
    });
  });
  const outcome: SendOutcome = "status" in result ? { ok: false, failure: result } : result;
  if ((request.headers.get("accept") ?? "").includes("application/json")) return outcomeResponse(outcome);
  const mailboxId = access.mailbox.mailboxId;
  const location = outcome.ok
    ? formPages.sent(mailboxId, outcome.sent.messageId)
    : formPages.problem(mailboxId, outcome.failure, postedKey);
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}
