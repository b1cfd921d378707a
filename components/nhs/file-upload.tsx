import type { InputHTMLAttributes } from "react";
import { cn, describedBy } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Label } from "./form-group";
import { Hint } from "./hint";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type"> & {
  id: string;
  label: string;
  hint?: string;
  error?: string;
};

/** A real <input type="file"> that works without JavaScript; enhanced drop zones build on it. */
export function FileUpload({ id, name, label, hint, error, className, ...rest }: Props) {
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id}>{label}</Label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <input
        id={id}
        name={name ?? id}
        type="file"
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        className={cn(
          "body block w-full max-w-full cursor-pointer border-2 border-dashed border-grey-2 bg-white p-2 focus:focus-input",
          error && "border-error",
          className,
        )}
        {...rest}
      />
    </FormGroup>
  );
}
