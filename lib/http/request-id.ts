/** The header proxy.ts puts the request id in, for pages and route handlers, and the one sent to MESH. */
export const MAILROOM_REQUEST_ID = "x-request-id";

const REQUEST_ID_FORM = /^[A-Za-z0-9._:-]{8,128}$/;

/** The value, if it has a request id's form: nothing in it can break a log line or a header. */
export function validRequestId(value: string | null | undefined): string | null {
  return value && REQUEST_ID_FORM.test(value) ? value : null;
}

export function newRequestId(): string {
  return crypto.randomUUID();
}

/**
 * The id for an incoming request: a trusted proxy's (in `trustedHeader`, when the deployment names
 * one), else a new one. Whatever a client itself sends as x-request-id is replaced.
 */
export function chooseRequestId(incoming: Headers, trustedHeader: string | undefined): string {
  return (trustedHeader && validRequestId(incoming.get(trustedHeader))) || newRequestId();
}
