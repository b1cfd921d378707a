"use client";

import { useEffect, useRef, type MouseEvent } from "react";

type Props<Field extends string> = {
  errors: Partial<Record<Field, string>>;
  /** Page order of the fields, so the summary lists errors as the page shows them. */
  order: readonly Field[];
  title?: string;
};

/**
 * nhsuk error summary: takes focus when it appears, prefixes the page title with "Error: ",
 * and its links move focus to the field (scrolling its label into view first).
 */
export function ErrorSummary<Field extends string>({ errors, order, title = "There is a problem" }: Props<Field>) {
  const ref = useRef<HTMLDivElement>(null);
  const items = order.flatMap((field) => {
    const message = errors[field];
    return message ? [{ field, message }] : [];
  });
  const hasErrors = items.length > 0;

  useEffect(() => {
    if (!hasErrors) return;
    ref.current?.focus();
    const original = document.title;
    if (!original.startsWith("Error: ")) document.title = `Error: ${original}`;
    return () => {
      document.title = original;
    };
  }, [errors, hasErrors]);

  if (!hasErrors) return null;

  // role="alert" and the focus stay on the outer element (nhsuk-frontend puts the role on an inner one), so the
  // alert that takes focus is named by its title.
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title" className="nhsuk-error-summary">
      <h2 id="error-summary-title" className="nhsuk-error-summary__title">
        {title}
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {items.map(({ field, message }) => (
            <li key={field}>
              <a href={`#${field}`} onClick={focusField}>
                {message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function focusField(event: MouseEvent<HTMLAnchorElement>) {
  const id = decodeURIComponent(event.currentTarget.hash.slice(1));
  const input = document.getElementById(id);
  if (!input) return;
  event.preventDefault();
  const legend = input.closest("fieldset")?.querySelector("legend");
  const label = legend ?? document.querySelector(`label[for="${CSS.escape(id)}"]`);
  (label ?? input).scrollIntoView();
  input.focus({ preventScroll: true });
}
