import type { InputHTMLAttributes } from "react";
import { cn } from "./class-names";
import { Field } from "./field";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type"> & {
  id: string;
  label: string;
  hint?: string;
  error?: string;
};

/** A real <input type="file"> that works without JavaScript; enhanced drop zones build on it. */
export function FileUpload({ id, name, label, hint, error, className, ...rest }: Props) {
  return (
    <Field id={id} label={label} hint={hint} error={error} className="nhsuk-file-upload">
      {(ids) => (
        <input
          id={id}
          name={name ?? id}
          type="file"
          aria-describedby={ids}
          aria-invalid={error ? true : undefined}
          className={cn("nhsuk-file-upload__input", className)}
          {...rest}
        />
      )}
    </Field>
  );
}
