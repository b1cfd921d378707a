import type { TextareaHTMLAttributes } from "react";
import { cn, describedBy } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Label } from "./form-group";
import { Hint } from "./hint";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & { id: string; label: string; hint?: string; error?: string };

export function Textarea({ id, name, label, hint, error, rows = 5, className, ...rest }: Props) {
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id}>{label}</Label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <textarea
        id={id}
        name={name ?? id}
        rows={rows}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        className={cn("body block w-full rounded-none border-2 border-secondary bg-white p-1", error && "border-error", className)}
        {...rest}
      />
    </FormGroup>
  );
}
