import type { InputHTMLAttributes } from "react";
import { cn } from "./class-names";
import { Field } from "./field";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  error?: string;
  inline?: boolean;
  /** CSS width for the expected answer length, e.g. "10ch". */
  width?: string;
};

export function TextInput({ id, name, label, hint, error, inline, width, className, style, ...rest }: Props) {
  return (
    <Field id={id} label={label} hint={hint} error={error} inline={inline}>
      {(ids) => (
        <input
          id={id}
          name={name ?? id}
          type="text"
          aria-describedby={ids}
          aria-invalid={error ? true : undefined}
          className={cn("nhsuk-input", error && "nhsuk-input--error", className)}
          style={width ? { ...style, maxWidth: width } : style}
          {...rest}
        />
      )}
    </Field>
  );
}
