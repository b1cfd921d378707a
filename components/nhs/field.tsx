import type { ReactNode } from "react";
import { describedBy } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Label } from "./form-group";
import { Hint } from "./hint";

type Props = {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** Part of a row of controls: no space below. */
  inline?: boolean;
  /** Extra classes on the form group. */
  className?: string;
  /** Renders the control, given the ids it must name in aria-describedby. */
  children: (describedBy: string | undefined) => ReactNode;
};

/** One labelled question: label, hint and error message above the control, as nhsuk-frontend lays them out. */
export function Field({ id, label, hint, error, inline, className, children }: Props) {
  return (
    <FormGroup error={Boolean(error)} inline={inline} className={className}>
      <Label htmlFor={id}>{label}</Label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      {children(describedBy(hint && `${id}-hint`, error && `${id}-error`))}
    </FormGroup>
  );
}
