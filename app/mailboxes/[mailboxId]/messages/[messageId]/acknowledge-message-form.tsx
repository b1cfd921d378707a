"use client";

import { useActionState } from "react";
import { Button } from "@/components/nhs/button";
import type { AcknowledgeState } from "../../actions";

type Props = { action: (state: AcknowledgeState, form: FormData) => Promise<AcknowledgeState>; messageId: string };

export function AcknowledgeMessageForm({ action, messageId }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction}>
      <input type="hidden" name="messageId" value={messageId} />
      {state.error && (
        <p className="nhsuk-u-font-weight-bold text-error" role="alert">
          {state.error}
        </p>
      )}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Marking as received…" : "Mark as received"}
      </Button>
    </form>
  );
}
