import type { SelectHTMLAttributes } from "react";
import { cn } from "./class-names";
import { Field } from "./field";

export type SelectOption = { value: string; label: string };

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
  id: string;
  label: string;
  options: readonly SelectOption[];
  hint?: string;
  error?: string;
  inline?: boolean;
};

export function Select({ id, name, label, options, hint, error, inline, className, ...rest }: Props) {
  return (
    <Field id={id} label={label} hint={hint} error={error} inline={inline}>
      {(ids) => (
        <select
          id={id}
          name={name ?? id}
          aria-describedby={ids}
          aria-invalid={error ? true : undefined}
          className={cn("nhsuk-select", error && "nhsuk-select--error", className)}
          {...rest}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
