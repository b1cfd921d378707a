"use client";

import { useActionState, type ReactNode } from "react";
import { Button } from "@/components/nhs/button";
import { ErrorSummary } from "@/components/nhs/error-summary";
import type { AcknowledgeState } from "../actions";

type Props = {
  action: (state: AcknowledgeState, form: FormData) => Promise<AcknowledgeState>;
  /** Where the error summary's link should move focus: the first checkbox. */
  firstCheckboxId?: string;
  children: ReactNode;
};

/** The inbox table inside a form, so several messages can be marked as received at once. */
export function AcknowledgeForm({ action, firstCheckboxId, children }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} noValidate>
      {state.error && firstCheckboxId && <ErrorSummary errors={{ [firstCheckboxId]: state.error }} order={[firstCheckboxId]} />}
      {children}
      <p>Messages you mark as received leave the inbox, and the sender sees them as received.</p>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Marking as received…" : "Mark as received"}
      </Button>
    </form>
  );
}
