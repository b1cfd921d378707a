import type { InputHTMLAttributes } from "react";
import { cn, describedBy } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Label } from "./form-group";
import { Hint } from "./hint";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  error?: string;
  /** CSS width for the expected answer length, e.g. "10ch". */
  width?: string;
};

export function TextInput({ id, name, label, hint, error, width, className, style, ...rest }: Props) {
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id}>{label}</Label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <input
        id={id}
        name={name ?? id}
        type="text"
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        className={cn("body h-10 w-full rounded-none border-2 border-secondary bg-white p-1", error && "border-error", className)}
        style={width ? { ...style, maxWidth: width } : style}
        {...rest}
      />
    </FormGroup>
  );
}
