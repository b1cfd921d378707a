import { attachmentDisposition } from "@/lib/http/content-disposition";
import { senderText } from "@/lib/mailboxes/mesh-header-text";
import { checkMessageRoute, messageFileResponse, openMessageContent } from "@/lib/mailboxes/message-content";

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

  return messageFileResponse(gate.access, messageId, download, {
    // Never the sender's type: the browser must save the file, not render it on our origin.
    "Content-Type": "application/octet-stream",
    "Content-Disposition": attachmentDisposition(senderText(download.headers.fileName) ?? `${messageId}.dat`),
    "Content-Security-Policy": "sandbox; default-src 'none'",
  });
}
