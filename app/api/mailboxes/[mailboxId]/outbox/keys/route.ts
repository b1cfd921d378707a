import { handleSendKeyRequest } from "@/lib/mailboxes/outbox-keys";

export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ mailboxId: string }> }) {
  return handleSendKeyRequest(request, params);
}
