// Test-only: a TCP proxy between a process under test and a backend (MESH, PostgreSQL) that a test can
// break on purpose: refuse connections, stall them, or stall a response after some bytes.
import net from "node:net";

export type FaultMode =
  /** Bytes flow both ways. */
  | { kind: "pass" }
  /** Nothing listens on the port: connections are refused. */
  | { kind: "refuse" }
  /** Connections are accepted and read, and never answered. */
  | { kind: "stall" }
  /** Requests reach the backend, but each connection's answer stops after `bytes` bytes. */
  | { kind: "stall-after"; bytes: number };

export type FaultProxy = {
  port: number;
  /** `http://127.0.0.1:<port>`, or the backend URL with its host and port swapped for the proxy's. */
  url(backendUrl?: string): string;
  /** Switches mode; connections already open are cut, so pooled keep-alive sockets meet the new mode too. */
  setMode(mode: FaultMode): Promise<void>;
  /** Client connections open right now (to check that the process under test gave up on them). */
  openConnections(): number;
  close(): Promise<void>;
};

/** Starts a proxy on a free loopback port in front of `target` (`host:port`), in `pass` mode. */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let mode: FaultMode = { kind: "pass" };
  const open = new Set<net.Socket>();

  const server = net.createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    if (mode.kind === "stall") {
      client.resume(); // read and drop whatever is sent, answer nothing
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on("error", cut);
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
    client.pipe(upstream);
    let budget = mode.kind === "stall-after" ? mode.bytes : Infinity;
    upstream.on("data", (data: Buffer) => {
      if (budget <= 0) return; // stalled: the rest is dropped and the client waits
      const part = data.length > budget ? data.subarray(0, budget) : data;
      budget -= part.length;
      client.write(part);
    });
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const cutAll = () => {
    for (const socket of open) socket.destroy();
  };

  const port = await listen(0);
  return {
    port,
    url(backendUrl?: string) {
      if (!backendUrl) return `http://127.0.0.1:${port}`;
      const url = new URL(backendUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString().replace(/\/$/, "");
    },
    async setMode(next) {
      cutAll();
      if (next.kind === "refuse") {
        mode = next;
        await stopListening();
        return;
      }
      if (mode.kind === "refuse") await listen(port);
      mode = next;
    },
    openConnections: () => open.size,
    async close() {
      cutAll();
      await stopListening();
    },
  };
}
