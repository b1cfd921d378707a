import { randomBytes } from "node:crypto";

let lastMs = 0;
let seq = 0;

/** Real-service format: `yyyyMMddHHmmssffffff_XXXXXX` (UTC, microsecond digits, 6 upper-case hex). */
export function newMessageId(now: Date): string {
  const ms = now.getTime();
  if (ms === lastMs) seq = (seq + 1) % 1000;
  else {
    lastMs = ms;
    seq = 0;
  }
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const stamp =
    `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}` +
    `${p(now.getUTCMilliseconds(), 3)}${p(seq, 3)}`;
  return `${stamp}_${randomBytes(3).toString("hex").toUpperCase()}`;
}
