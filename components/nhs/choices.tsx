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

type ChoiceType = "checkboxes" | "radios";

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
}: Props & { type: ChoiceType; checked: (value: string) => boolean }) {
  const hintId = hint ? `${idPrefix}-hint` : undefined;
  const errorId = error ? `${idPrefix}-error` : undefined;
  return (
    <FormGroup error={Boolean(error)}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(hintId, errorId)}>
        <legend className={cn("nhsuk-fieldset__legend", legendAsPageHeading && "nhsuk-fieldset__legend--l")}>
          {legendAsPageHeading ? <h1 className="nhsuk-fieldset__heading">{legend}</h1> : legend}
        </legend>
        {hint && hintId && <Hint id={hintId}>{hint}</Hint>}
        {error && errorId && <ErrorMessage id={errorId}>{error}</ErrorMessage>}
        <div className={cn(`nhsuk-${type}`, small && `nhsuk-${type}--small`, error && `nhsuk-${type}--error`)}>
          {items.map((item, index) => {
            const id = index === 0 ? idPrefix : `${idPrefix}-${index + 1}`;
            return (
              <ChoiceControl
                key={item.value}
                type={type}
                id={id}
                name={name}
                value={item.value}
                defaultChecked={checked(item.value)}
                label={item.label}
                hint={item.hint}
              />
            );
          })}
        </div>
      </fieldset>
    </FormGroup>
  );
}

type ItemProps = { type: ChoiceType; id: string; name: string; value: string; label: ReactNode; hint?: string; defaultChecked?: boolean };

/** One nhsuk-frontend checkbox or radio: the input, its label (which draws the box) and an optional hint. */
function ChoiceControl({ type, id, name, value, label, hint, defaultChecked }: ItemProps) {
  const hintId = hint ? `${id}-item-hint` : undefined;
  return (
    <div className={`nhsuk-${type}__item`}>
      <input
        id={id}
        name={name}
        type={type === "checkboxes" ? "checkbox" : "radio"}
        value={value}
        defaultChecked={defaultChecked}
        aria-describedby={hintId}
        className={`nhsuk-${type}__input`}
      />
      <label htmlFor={id} className={`nhsuk-label nhsuk-${type}__label`}>
        {label}
      </label>
      {hint && hintId && (
        <Hint id={hintId} className={`nhsuk-${type}__hint`}>
          {hint}
        </Hint>
      )}
    </div>
  );
}

export function Checkboxes(props: Props & { values?: readonly string[] }) {
  const values = new Set(props.values ?? []);
  return <Choices {...props} type="checkboxes" checked={(value) => values.has(value)} />;
}

export function Radios(props: Props & { value?: string }) {
  return <Choices {...props} type="radios" checked={(value) => value === props.value} />;
}

/** A small checkbox on its own, such as one selecting a table row; its label is visually hidden (the row shows what it selects). */
export function RowCheckbox({ id, name, value, label }: { id: string; name: string; value: string; label: string }) {
  return (
    <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
      <ChoiceControl type="checkboxes" id={id} name={name} value={value} label={<span className="nhsuk-u-visually-hidden">{label}</span>} />
    </div>
  );
}
