import { createMeshClient } from "./client";
import { MeshError, meshError } from "./errors";
import type { MeshClientOptions } from "./requests";

/** What a handshake with MESH found, in the words a person is told. */
export const CONNECTION_OUTCOMES = ["connected", "not-authorised", "certificate-refused", "unreachable", "timed-out", "failed"] as const;
export type ConnectionOutcome = (typeof CONNECTION_OUTCOMES)[number];

export type ConnectionCheck = { outcome: ConnectionOutcome; error?: MeshError };

const TLS_CODE = /CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO|ALERT/;

function errorCode(error: unknown): string | undefined {
  const own = error as NodeJS.ErrnoException | undefined;
  const code = error instanceof MeshError ? (error.cause as NodeJS.ErrnoException | undefined)?.code : own?.code;
  return typeof code === "string" ? code : undefined;
}

/** Sorts a handshake's failure into the outcomes a person can act on. */
export function connectionOutcome(error: unknown, secure: boolean): ConnectionOutcome {
  if (!(error instanceof MeshError)) {
    // Node refuses TLS material it cannot use (a key that is not the certificate's) before connecting.
    const code = errorCode(error);
    return code !== undefined && TLS_CODE.test(code) ? "certificate-refused" : "failed";
  }
  if (error.kind === "unauthorised") return "not-authorised";
  if (error.kind === "timeout") return "timed-out";
  const code = errorCode(error);
  // TLS material MESH refuses, or that does not load (a key that does not match its certificate).
  if (code !== undefined && TLS_CODE.test(code)) return "certificate-refused";
  if (error.kind === "bad-request" && error.status === undefined && /certificate|key|TLS/i.test(error.message))
    return "certificate-refused";
  if (error.kind === "unavailable" && error.status === undefined) {
    // A server that requires a client certificate may simply hang up on a TLS client without one.
    return secure && code === "ECONNRESET" ? "certificate-refused" : "unreachable";
  }
  if (error.kind === "unavailable") return "unreachable";
  return "failed";
}

/**
 * One handshake with no retries, on a client of its own (so nothing cached is reused), closed after:
 * the "test the connection" check. Never throws; the error is kept for the log.
 */
export async function checkConnection(options: MeshClientOptions): Promise<ConnectionCheck> {
  const secure = options.baseUrl.startsWith("https:");
  let client: ReturnType<typeof createMeshClient> | undefined;
  try {
    client = createMeshClient({ ...options, retry: { retries: 0 } });
    await client.handshake();
    return { outcome: "connected" };
  } catch (error) {
    const meshFailure = error instanceof MeshError ? error : meshError("protocol", String(error), { cause: error });
    return { outcome: connectionOutcome(error, secure), error: meshFailure };
  } finally {
    client?.close();
  }
}
