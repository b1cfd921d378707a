import { z } from "zod";

/*
 * Text from URLs, queries and forms is checked here once, before any query or audit row sees it:
 * PostgreSQL refuses NUL in text, and control characters or broken UTF-16 mean nothing a person typed.
 */

// C0 and C1 controls (tab and line breaks included) and unpaired surrogates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE.test(value);
}

/** The value with each unsafe character shown as U+FFFD and cut to `maxLength`: for audit details and logs. */
export function printable(value: string, maxLength = 100): string {
  return value.slice(0, maxLength).replace(UNSAFE_ALL, "\ufffd");
}

/**
 * An id from a path segment, as Next has already decoded it (so never decoded again here): trimmed,
 * or null when it holds unsafe characters or is longer than `maxLength`.
 */
export function pathText(value: string, maxLength = 100): string | null {
  const text = value.trim();
  return text.length > maxLength || hasUnsafeCharacters(text) ? null : text;
}

/**
 * A free-text query parameter (a search box): unsafe characters become spaces, runs of white space
 * one space, then trimmed; longer than `maxLength`, repeated, or empty means "not given".
 */
export function queryText(maxLength: number) {
  return z
    .string()
    .transform((value) => value.replace(UNSAFE_ALL, " ").replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1).max(maxLength))
    .optional()
    .catch(undefined);
}

/** True when every `%` in the path starts an escape that decodes to well-formed UTF-8. */
export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
