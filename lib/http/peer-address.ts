import http from "node:http";

/**
 * `next start` keeps an X-Forwarded-For header the client wrote, and adds the socket's address only
 * when there is none, so a client reaching the web process directly could name its own address. The
 * web process therefore stamps every request with the address its socket really came from; any value
 * a client sent under this name is overwritten.
 */
export const PEER_ADDRESS_HEADER = "x-mailroom-peer-address";

let installed = false;

/** Once per process, before requests arrive (instrumentation.ts). */
export function stampPeerAddresses(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args] as unknown as Parameters<typeof emit>);
  } as typeof emit;
}

/** The forwarded chain as the web process saw it: the client's (or proxies') hops, then the real peer. */
export function forwardedChain(forwardedFor: string | null, peer: string | null): string | null {
  if (!peer) return forwardedFor;
  return forwardedFor ? `${forwardedFor}, ${peer}` : peer;
}
