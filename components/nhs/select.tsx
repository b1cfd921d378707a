import type { SelectHTMLAttributes } from "react";
import { cn, describedBy } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Label } from "./form-group";
import { Hint } from "./hint";

export type SelectOption = { value: string; label: string };

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
  id: string;
  label: string;
  options: readonly SelectOption[];
  hint?: string;
  error?: string;
};

export function Select({ id, name, label, options, hint, error, className, ...rest }: Props) {
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id}>{label}</Label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <select
        id={id}
        name={name ?? id}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        className={cn("body h-10 min-w-[20ch] rounded-none border-2 border-secondary bg-white px-1", error && "border-error", className)}
        {...rest}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}
