import type { ReactNode } from "react";
import { cn, describedBy } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup } from "./form-group";
import { Hint } from "./hint";

export type ChoiceItem = { value: string; label: ReactNode; hint?: string };

type Props = {
  /** The first input gets this id, so an error summary link lands on it. */
  idPrefix: string;
  name: string;
  legend: ReactNode;
  legendAsPageHeading?: boolean;
  items: readonly ChoiceItem[];
  hint?: string;
  error?: string;
  small?: boolean;
};

// Native controls, enlarged and tinted: pseudo-element ticks on <input> do not render in every browser.
const control = "m-0 shrink-0 cursor-pointer accent-text focus:focus-input";

function Choices({
  type,
  idPrefix,
  name,
  legend,
  legendAsPageHeading,
  items,
  hint,
  error,
  small,
  checked,
}: Props & { type: "checkbox" | "radio"; checked: (value: string) => boolean }) {
  const hintId = hint ? `${idPrefix}-hint` : undefined;
  const errorId = error ? `${idPrefix}-error` : undefined;
  const size = small ? "h-6 w-6" : "h-10 w-10";
  return (
    <FormGroup error={Boolean(error)}>
      <fieldset className="m-0 border-0 p-0" aria-describedby={describedBy(hintId, errorId)}>
        <legend className={cn("mb-2 font-bold", legendAsPageHeading ? "heading-l" : "body")}>
          {legendAsPageHeading ? <h1 className="m-0 text-[inherit]">{legend}</h1> : legend}
        </legend>
        {hint && hintId && <Hint id={hintId}>{hint}</Hint>}
        {error && errorId && <ErrorMessage id={errorId}>{error}</ErrorMessage>}
        <div>
          {items.map((item, index) => {
            const id = index === 0 ? idPrefix : `${idPrefix}-${index + 1}`;
            return (
              <div key={item.value} className={cn("flex items-start gap-2", small ? "mb-2" : "mb-2 tablet:mb-4")}>
                <input
                  id={id}
                  name={name}
                  type={type}
                  value={item.value}
                  defaultChecked={checked(item.value)}
                  aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                  className={cn(control, size)}
                />
                <div className={small ? "pt-0" : "pt-2"}>
                  <label htmlFor={id} className="body block cursor-pointer">
                    {item.label}
                  </label>
                  {item.hint && (
                    <div id={`${id}-item-hint`} className="body text-secondary">
                      {item.hint}
                    </div>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </FormGroup>
  );
}

export function Checkboxes(props: Props & { values?: readonly string[] }) {
  const values = new Set(props.values ?? []);
  return <Choices {...props} type="checkbox" checked={(value) => values.has(value)} />;
}

export function Radios(props: Props & { value?: string }) {
  return <Choices {...props} type="radio" checked={(value) => value === props.value} />;
}
