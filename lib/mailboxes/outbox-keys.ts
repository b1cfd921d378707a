import "server-only";
import { z } from "zod";
import { failures } from "./send-failures";
import { checkUploadRequest, refuseEarly } from "./outbox-upload";
import { prepareSend } from "./send-intents";

const MAX_ANSWERS_BYTES = 16_384;

/**
 * `POST /api/mailboxes/{id}/outbox/keys`: checks a JSON set of answers and issues a send key, for a
 * check-your-answers page that asks from the browser. Pages rendered on the server call prepareSend.
 */
export async function handleSendKeyRequest(request: Request, params: Promise<{ mailboxId: string }>): Promise<Response> {
  const check = await checkUploadRequest(request, params);
  if (!check.ok) return check.response;
  const text = await request.text();
  let input: unknown;
  try {
    input = text.length <= MAX_ANSWERS_BYTES ? JSON.parse(text) : undefined;
  } catch {
    input = undefined;
  }
  const object = z.record(z.string(), z.unknown()).safeParse(input);
  if (!object.success) return (await refuseEarly(check.access, failures.answersInvalid("Send the answers as a JSON object."))).response;
  const prepared = await prepareSend(check.access, object.data);
  if (!prepared.ok) {
    return Response.json(
      { error: "Check your answers", errors: prepared.errors, limitBytes: prepared.limitBytes },
      { status: 400, headers: { "Cache-Control": "no-store" } },
    );
  }
  return Response.json(prepared, { status: 201, headers: { "Cache-Control": "no-store" } });
}
