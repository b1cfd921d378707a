import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Checkboxes, Radios, RowCheckbox } from "./choices";
import { FileUpload } from "./file-upload";
import { visiblePages } from "./pagination";
import { Select } from "./select";
import { Tag } from "./tag";
import { TextInput } from "./text-input";
import { Textarea } from "./textarea";

describe("field primitives", () => {
  it.each([
    [
      "TextInput",
      () =>
        h(TextInput, {
          id: "recipient",
          label: "Recipient mailbox ID",
          hint: "For example, X26HC005",
          error: "Enter the recipient’s mailbox ID",
        }),
    ],
    [
      "Textarea",
      () =>
        h(Textarea, {
          id: "recipient",
          label: "Recipient mailbox ID",
          hint: "For example, X26HC005",
          error: "Enter the recipient’s mailbox ID",
        }),
    ],
    [
      "Select",
      () =>
        h(Select, {
          id: "recipient",
          label: "Recipient mailbox ID",
          hint: "For example, X26HC005",
          error: "Enter the recipient’s mailbox ID",
          options: [{ value: "a", label: "A" }],
        }),
    ],
    [
      "FileUpload",
      () =>
        h(FileUpload, {
          id: "recipient",
          label: "Recipient mailbox ID",
          hint: "For example, X26HC005",
          error: "Enter the recipient’s mailbox ID",
        }),
    ],
  ])("%s labels its control and links the hint and error to it", (_name, render) => {
    const html = renderToStaticMarkup(render());
    expect(html).toContain('<label for="recipient"');
    expect(html).toContain('id="recipient-hint"');
    expect(html).toMatch(
      /id="recipient-error" class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">Error: <\/span>Enter the recipient’s mailbox ID/,
    );
    expect(html).toMatch(
      /id="recipient"[^>]*aria-describedby="recipient-hint recipient-error"|aria-describedby="recipient-hint recipient-error"[^>]*id="recipient"/,
    );
    expect(html).toContain('aria-invalid="true"');
    expect(html).toMatch(/^<div class="nhsuk-form-group nhsuk-form-group--error[ "]/);
    expect(html).toMatch(/class="nhsuk-(input|textarea|select|file-upload__input)[ "]/);
  });

  it("leaves aria-describedby out when there is neither hint nor error", () => {
    const html = renderToStaticMarkup(h(TextInput, { id: "q", label: "Search" }));
    expect(html).not.toContain("aria-describedby");
    expect(html).not.toContain("--error");
  });
});

describe("choices", () => {
  it("gives the first checkbox the group's id so an error summary link lands on it", () => {
    const html = renderToStaticMarkup(
      h(Checkboxes, {
        idPrefix: "workflow",
        name: "workflow",
        legend: "Workflows",
        items: [
          { value: "A", label: "A" },
          { value: "B", label: "B" },
        ],
        values: ["B"],
      }),
    );
    expect(html).toMatch(/<fieldset class="nhsuk-fieldset"[^>]*><legend class="nhsuk-fieldset__legend"/);
    expect(html).toContain('<div class="nhsuk-checkboxes"><div class="nhsuk-checkboxes__item"><input id="workflow"');
    expect(html).toContain('<label for="workflow" class="nhsuk-label nhsuk-checkboxes__label">A</label>');
    expect(html).toMatch(/id="workflow"[^>]*value="A"/);
    expect(html).toMatch(/<input id="workflow-2"[^>]*checked=""[^>]*value="B"/);
  });

  it("checks the radio that matches the value", () => {
    const html = renderToStaticMarkup(
      h(Radios, {
        idPrefix: "show",
        name: "show",
        legend: "Show",
        items: [
          { value: "all", label: "All" },
          { value: "new", label: "New" },
        ],
        value: "new",
      }),
    );
    expect(html).toMatch(/<input id="show-2" type="radio"[^>]*checked=""[^>]*value="new"/);
    expect(html).not.toMatch(/<input id="show" [^>]*checked=""/);
  });
});

describe("RowCheckbox", () => {
  it("is a small nhsuk checkbox named by a visually hidden label, not by aria-label", () => {
    const html = renderToStaticMarkup(h(RowCheckbox, { id: "select-1", name: "messageId", value: "1", label: "Select results.csv" }));
    expect(html).toMatch(/^<div class="nhsuk-checkboxes nhsuk-checkboxes--small">/);
    expect(html).toContain(
      '<label for="select-1" class="nhsuk-label nhsuk-checkboxes__label"><span class="nhsuk-u-visually-hidden">Select results.csv</span></label>',
    );
    expect(html).not.toContain("aria-label");
  });
});

describe("Tag", () => {
  it("is static text, never a link or button", () => {
    const html = renderToStaticMarkup(h(Tag, { colour: "red", children: "Not delivered" }));
    expect(html).toMatch(/^<strong [^>]*>Not delivered<\/strong>$/);
    expect(html).toContain('class="nhsuk-tag nhsuk-tag--red"');
    expect(renderToStaticMarkup(h(Tag, { children: "Sent" }))).toBe('<strong class="nhsuk-tag">Sent</strong>');
  });
});

describe("visiblePages", () => {
  it("shows the first, last and neighbouring pages with gaps", () => {
    expect(visiblePages(1, 1)).toEqual([1]);
    expect(visiblePages(5, 20)).toEqual([1, "…", 4, 5, 6, "…", 20]);
    expect(visiblePages(2, 4)).toEqual([1, 2, 3, 4]);
  });
});
