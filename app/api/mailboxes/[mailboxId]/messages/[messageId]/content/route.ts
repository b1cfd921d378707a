import { attachmentDisposition } from "@/lib/http/content-disposition";
import { checkMessageRoute, checkedBody, knownLength, openMessageContent } from "@/lib/mailboxes/message-content";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ mailboxId: string; messageId: string }> };

/** Downloads a received file, streamed from MESH as the browser reads it. Does not acknowledge. */
export async function GET(request: Request, { params }: Context) {
  const gate = await checkMessageRoute(params);
  if (!gate.ok) return gate.response;
  const { messageId } = gate;

  const opened = await openMessageContent(gate.access, messageId, "download", request.signal);
  if (!opened.ok) return opened.response;
  const { download } = opened;

  const headers = new Headers({
    // Never the sender's type: the browser must save the file, not render it on our origin.
    "Content-Type": "application/octet-stream",
    "Content-Disposition": attachmentDisposition(download.headers.fileName ?? `${messageId}.dat`),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "sandbox; default-src 'none'",
  });
  const length = knownLength(download);
  if (length !== undefined) headers.set("Content-Length", String(length));
  return new Response(await checkedBody(gate.access, messageId, download), { status: 200, headers });
}
