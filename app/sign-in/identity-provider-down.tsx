import { WarningCallout } from "@/components/nhs/warning-callout";

/** Shown when the identity provider does not answer: signing in would fail at its first step. */
export function IdentityProviderDown() {
  return (
    <WarningCallout heading="NHS Care Identity is not answering">
      <p>You cannot sign in at the moment because the NHS Care Identity service did not answer Mailroom. Try again in a few minutes.</p>
      <p>If it keeps happening, contact your IT service desk.</p>
    </WarningCallout>
  );
}
