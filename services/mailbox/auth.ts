import { createHmac, timingSafeEqual } from "node:crypto";
import type { Mailbox } from "./directory";

export type AuthOptions = {
  sharedKey: string;
  mode: "full" | "canned" | "none";
  singleUseTokens: boolean;
  windowMinutes: number;
};

export type AuthFailure = { ok: false; description: string; event?: string; code?: string };
export type AuthResult = { ok: true; mailbox: Mailbox } | AuthFailure;

const fail = (description: string, event?: string, code?: string): AuthFailure => ({ ok: false, description, event, code });
const READ_ERROR = "Error reading from Authorization header";
const INACTIVE = "Mailbox is not active";

export function tokenHash(sharedKey: string, mailboxId: string, nonce: string, count: string, password: string, ts: string): string {
  return createHmac("sha256", sharedKey).update(`${mailboxId}:${nonce}:${count}:${password}:${ts}`).digest("hex");
}

/** `yyyyMMddHHmm` (UTC) → epoch ms, or NaN when it is not a real minute. */
function parseTimestamp(ts: string): number {
  if (!/^\d{12}$/.test(ts)) return NaN;
  const [y, mo, d, h, mi] = [ts.slice(0, 4), ts.slice(4, 6), ts.slice(6, 8), ts.slice(8, 10), ts.slice(10, 12)].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return NaN;
  return ms;
}

/**
 * Remembers used tokens (mailbox, nonce, count) until they could no longer pass the timestamp window,
 * so memory stays bounded by request rate × window. Kept in memory: a restart forgets them (ADR 0104).
 */
class ReplayGuard {
  private seen = new Map<string, number>();
  private lastPrune = 0;

  constructor(private readonly retainMs: number) {}

  /** Returns false when the token was already used. */
  claim(key: string, tokenTimeMs: number, nowMs: number): boolean {
    if (nowMs - this.lastPrune > 60_000) this.prune(nowMs);
    if (this.seen.has(key)) return false;
    this.seen.set(key, Number.isNaN(tokenTimeMs) ? nowMs : tokenTimeMs);
    return true;
  }

  private prune(nowMs: number): void {
    this.lastPrune = nowMs;
    for (const [k, t] of this.seen) if (nowMs - t > this.retainMs) this.seen.delete(k);
  }
}

export class Authenticator {
  private replay: ReplayGuard;

  constructor(
    private readonly opts: AuthOptions,
    private readonly lookup: (mailboxId: string) => Mailbox | undefined,
  ) {
    // Without a window a token is remembered for a day; with one, for the window plus a minute of slack.
    this.replay = new ReplayGuard(opts.windowMinutes > 0 ? (opts.windowMinutes + 1) * 60_000 : 24 * 3_600_000);
  }

  /**
   * Checks in the order MESH does, so a bad token gets the answer MESH would give (docs/mesh-protocol.md).
   * The timestamp window is measured against the system clock, not the movable lifecycle clock, so tests
   * that jump days ahead keep working with ordinary clients.
   */
  verify(header: string | undefined, pathMailbox: string, nowMs = Date.now()): AuthResult {
    if (this.opts.mode === "none") {
      const mb = this.lookup(pathMailbox);
      if (!mb) return fail("No mailbox matched", "SEND", "EPL-151");
      return mb.active ? { ok: true, mailbox: mb } : fail(INACTIVE);
    }
    if (!header || !header.trim()) return fail(READ_ERROR);
    let value = header.trim();
    if (/^nhsmesh /i.test(value)) value = value.slice(8);
    else return fail(READ_ERROR);
    const parts = value.split(":");
    if (parts.length !== 5) return fail(READ_ERROR);
    const [mailboxId, nonce, count, ts, hash] = parts as [string, string, string, string, string];
    if (!/^\d+$/.test(count) || /\s/.test(mailboxId) || !mailboxId) return fail(READ_ERROR);
    if (mailboxId !== pathMailbox) return fail("Mailbox id does not match token");
    const mailbox = this.lookup(mailboxId);
    if (!mailbox) return fail("No mailbox matched", "SEND", "EPL-151");
    if (this.opts.mode === "canned") {
      if (nonce.toUpperCase() !== "VALID") return fail("Invalid Authentication Token");
      return mailbox.active ? { ok: true, mailbox } : fail(INACTIVE);
    }
    const expected = tokenHash(this.opts.sharedKey, mailboxId, nonce, count, mailbox.password, ts);
    const given = Buffer.from(hash.toLowerCase());
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      return fail("Invalid Authentication Token");
    }
    // After the HMAC, so only a holder of the password learns that the mailbox is switched off.
    if (!mailbox.active) return fail(INACTIVE);
    const tokenMs = parseTimestamp(ts);
    if (this.opts.windowMinutes > 0) {
      if (Number.isNaN(tokenMs) || Math.abs(nowMs - tokenMs) > this.opts.windowMinutes * 60_000) {
        return fail("Authentication token timestamp is outside the permitted window");
      }
    }
    if (this.opts.singleUseTokens && !this.replay.claim(`${mailboxId}:${nonce}:${count}`, tokenMs, nowMs)) {
      return fail("Authentication token has already been used");
    }
    return { ok: true, mailbox };
  }
}
