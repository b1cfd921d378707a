import { createHmac, randomUUID } from "node:crypto";

/** Formats a time as MESH wants it in the token: UTC `yyyyMMddHHmm`. */
export function formatTokenTimestamp(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    String(now.getUTCFullYear()).padStart(4, "0") +
    pad(now.getUTCMonth() + 1) +
    pad(now.getUTCDate()) +
    pad(now.getUTCHours()) +
    pad(now.getUTCMinutes())
  );
}

/**
 * Builds the `Authorization` header value (docs/mesh-protocol.md). Pure: the caller supplies the nonce,
 * count and clock, so worked test vectors can be checked exactly.
 * The password is part of the HMAC message but never of the header.
 */
export function buildAuthToken(
  mailboxId: string,
  password: string,
  sharedKey: string,
  nonce: string,
  nonceCount: number,
  now: Date,
): string {
  const mailbox = mailboxId.toUpperCase();
  const count = String(nonceCount);
  const timestamp = formatTokenTimestamp(now);
  const message = [mailbox, nonce, count, password, timestamp].join(":");
  const hash = createHmac("sha256", sharedKey).update(message, "utf8").digest("hex");
  return `NHSMESH ${mailbox}:${nonce}:${count}:${timestamp}:${hash}`;
}

/**
 * A token for one request. The real service accepts each token once, so every request gets a
 * fresh random nonce (count 0) rather than a shared nonce with a counter that concurrent
 * requests would have to coordinate.
 */
export function freshAuthToken(mailboxId: string, password: string, sharedKey: string): string {
  return buildAuthToken(mailboxId, password, sharedKey, randomUUID(), 0, new Date());
}
