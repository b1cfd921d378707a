// Test-only: the send route's raw upload as Mailroom's own script sends it, for tests that write the body themselves.
import { createHash } from "node:crypto";
import http from "node:http";
import type { Browser } from "@/services/identity/testing/http-client";

/** POST /api/mailboxes/{id}/outbox with the person's session, the send key and the file's SHA-256; the body is the caller's to write. */
export function startOutboxUpload(appUrl: string, browser: Browser, mailboxId: string, key: string, file: Buffer): http.ClientRequest {
  const url = new URL(`${appUrl}/api/mailboxes/${mailboxId}/outbox`);
  return http.request(url, {
    method: "POST",
    headers: {
      cookie: browser.cookieHeader(url),
      "content-type": "application/octet-stream",
      "content-length": String(file.length),
      "sec-fetch-site": "same-origin",
      "x-mailroom-send-key": key,
      "x-mailroom-sha256": createHash("sha256").update(file).digest("hex"),
    },
  });
}
