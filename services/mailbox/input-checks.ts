import { ValidationError } from "./errors";
import { CONTROL_CHARS } from "./http-util";

/** The longest path segment any route takes, decoded: a local id or workflow id (`mex-localid`, 300). */
const MAX_SEGMENT = 300;

function invalid(loc: string[], type: string, msg: string): ValidationError {
  return new ValidationError([{ type, loc, msg }]);
}

/**
 * Every path segment must decode, and hold no control character, before any route sees it: such a value
 * could never name a mailbox or message, and the database refuses some of them (a NUL) with an error.
 */
export function checkPath(segments: string[]): void {
  for (const segment of segments) {
    let text: string;
    try {
      text = decodeURIComponent(segment);
    } catch {
      throw invalid(["path"], "value_error", "Invalid percent-encoding in the path");
    }
    if (CONTROL_CHARS.test(text)) throw invalid(["path"], "value_error", "Control characters are not allowed in the path");
    if (text.length > MAX_SEGMENT)
      throw invalid(["path"], "string_too_long", `Path segments should have at most ${MAX_SEGMENT} characters`);
  }
}

/** No query value may hold a control character; lengths are each handler's to check. */
export function checkQuery(query: URLSearchParams): void {
  for (const [name, value] of query) {
    if (CONTROL_CHARS.test(value)) throw invalid(["query", name], "value_error", "Control characters are not allowed");
  }
}
