import type { IncomingMessage, ServerResponse } from "node:http";
import { ValidationError, type ApiVersion } from "./errors";

const V1 = "application/json";
const V2 = "application/vnd.mesh.v2+json";

/**
 * mesh-sandbox's rule: split Accept on `;`; the first piece mentioning `vnd.mesh` must be exactly
 * `application/vnd.mesh.v<digits>+json`. Only versions 1 and 2 exist; anything else is refused (null).
 */
export function apiVersion(accept: string | undefined): ApiVersion | null {
  if (!accept) return 1;
  const piece = accept.split(";").find((p) => p.includes("vnd.mesh"));
  if (piece === undefined) return 1;
  const m = /^application\/vnd\.mesh\.v(\d+)\+json$/.exec(piece.trim());
  if (!m) return null;
  const v = Number(m[1]);
  return v === 1 || v === 2 ? v : null;
}

export function mediaType(version: ApiVersion): string {
  return version === 2 ? V2 : V1;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = V1, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": contentType, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, "content-length": 0 });
  res.end();
}

/** A single header value (Node joins repeated ones); undefined when absent. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

// DEL too: Node refuses to write it in a response header.
export const CONTROL_CHARS = /[\x00-\x1f\x7f]/;

/** True when a value can go out in a response header as it is: no control character, nothing above U+00FF. */
export function headerSafe(value: string): boolean {
  return !CONTROL_CHARS.test(value) && !/[^\x00-\xff]/.test(value);
}

export function missing(loc: "header" | "query", name: string): ValidationError {
  return new ValidationError([{ type: "missing", loc: [loc, name], msg: "Field required" }]);
}

export function tooLong(loc: "header" | "query", name: string, max: number): ValidationError {
  return new ValidationError([{ type: "string_too_long", loc: [loc, name], msg: `String should have at most ${max} characters` }]);
}

/** Optional integer query value within bounds, else a 400 validation list (FastAPI style). */
export function intQuery(q: URLSearchParams, name: string, min: number, max: number, dflt: number): number {
  const raw = q.get(name);
  if (raw === null) return dflt;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw new ValidationError([{ type: "int_parsing", loc: ["query", name], msg: "Input should be a valid integer" }]);
  }
  const n = Number(raw);
  if (n < min)
    throw new ValidationError([
      { type: "greater_than_equal", loc: ["query", name], msg: `Input should be greater than or equal to ${min}` },
    ]);
  if (n > max)
    throw new ValidationError([{ type: "less_than_equal", loc: ["query", name], msg: `Input should be less than or equal to ${max}` }]);
  return n;
}

export function strQuery(q: URLSearchParams, name: string, min: number, max: number): string | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (raw.length < min)
    throw new ValidationError([{ type: "string_too_short", loc: ["query", name], msg: `String should have at least ${min} characters` }]);
  if (raw.length > max) throw tooLong("query", name, max);
  return raw;
}

/** A time the database can hold and the wire can print: years 1 to 9999. */
export function inTimeRange(ms: number): boolean {
  // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z
  return Number.isFinite(ms) && ms >= -62_135_596_800_000 && ms <= 253_402_300_799_999;
}

/** Formats used on the wire: `yyyyMMddHHmmss` (headers, v1 tracking) and ISO without zone (v2, like mesh-sandbox). */
export function compactTime(d: Date | null | undefined): string | undefined {
  if (!d) return undefined;
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

export function isoTime(d: Date | null | undefined): string | undefined {
  if (!d) return undefined;
  return d.toISOString().replace("Z", "");
}
