import type { TextareaHTMLAttributes } from "react";
import { cn } from "./class-names";
import { Field } from "./field";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & { id: string; label: string; hint?: string; error?: string };

export function Textarea({ id, name, label, hint, error, rows = 5, className, ...rest }: Props) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(ids) => (
        <textarea
          id={id}
          name={name ?? id}
          rows={rows}
          aria-describedby={ids}
          aria-invalid={error ? true : undefined}
          className={cn("nhsuk-textarea", error && "nhsuk-textarea--error", className)}
          {...rest}
        />
      )}
    </Field>
  );
}
