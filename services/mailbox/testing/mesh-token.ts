import { createHmac, randomUUID } from "node:crypto";

/**
 * Test-only MESH token builder (docs/mesh-protocol.md), independent of lib/mesh so server tests do not depend
 * on the client under construction. Every call uses a fresh nonce unless one is given.
 */
export type TokenInput = {
  mailboxId: string;
  password: string;
  /** Environment shared key; the demo default is `TestKey`. */
  sharedKey?: string;
  nonce?: string;
  nonceCount?: number;
  /** Time to stamp (UTC minute precision); defaults to now. */
  now?: Date;
};

export function meshTimestamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 12);
}

export function meshToken(input: TokenInput): string {
  const nonce = input.nonce ?? randomUUID();
  const count = String(input.nonceCount ?? 0);
  const ts = meshTimestamp(input.now ?? new Date());
  const hash = createHmac("sha256", input.sharedKey ?? "TestKey")
    .update(`${input.mailboxId}:${nonce}:${count}:${input.password}:${ts}`)
    .digest("hex");
  return `NHSMESH ${input.mailboxId}:${nonce}:${count}:${ts}:${hash}`;
}
