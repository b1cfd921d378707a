import { handleOutboxUpload } from "@/lib/mailboxes/outbox-upload";

// Outside proxy.ts's matcher: a proxy would cut the body to 10 MB.
export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ mailboxId: string }> }) {
  return handleOutboxUpload(request, params);
}
