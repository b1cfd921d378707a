import { handleOutboxForm } from "@/lib/mailboxes/outbox-form";

// Outside proxy.ts's matcher like the upload route: a proxy would cut the body to 10 MB.
export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ mailboxId: string }> }) {
  return handleOutboxForm(request, params);
}
