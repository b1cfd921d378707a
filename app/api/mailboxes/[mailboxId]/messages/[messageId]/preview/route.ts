import { inlineDisposition } from "@/lib/http/content-disposition";
import { senderText } from "@/lib/mailboxes/mesh-header-text";
import { checkMessageRoute, messageFileResponse, openMessageContent } from "@/lib/mailboxes/message-content";
import { previewKind } from "@/lib/mailboxes/preview";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ mailboxId: string; messageId: string }> };

/**
 * A PDF's bytes for the preview page's frame, shown by the browser's own PDF viewer. Only PDFs are
 * served inline, always as application/pdf; everything else is refused and must be downloaded.
 */
export async function GET(request: Request, { params }: Context) {
  const gate = await checkMessageRoute(params);
  if (!gate.ok) return gate.response;
  const { messageId, message } = gate;
  // Decided from the index, before MESH is asked for the file or the opening is recorded.
  if (previewKind(message.contentType, message.fileName) !== "pdf") {
    return Response.json(
      { error: "Only PDF files are shown here. Download the file instead." },
      { status: 415, headers: { "Cache-Control": "no-store" } },
    );
  }

  const opened = await openMessageContent(gate.access, messageId, "preview", request.signal);
  if (!opened.ok) return opened.response;
  const { download } = opened;

  return messageFileResponse(gate.access, messageId, download, {
    "Content-Type": "application/pdf",
    "Content-Disposition": inlineDisposition(senderText(download.headers.fileName) ?? `${messageId}.pdf`),
    // `sandbox` gives the document an opaque origin with scripts, forms and plugins' powers off, yet
    // Chromium's PDF viewer still renders it (it refuses any <iframe sandbox>, so the frame has none).
    // Only our own pages may frame it (next.config.mjs leaves this route out of the global DENY).
    "Content-Security-Policy": "sandbox; default-src 'none'; object-src 'none'; frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
}
