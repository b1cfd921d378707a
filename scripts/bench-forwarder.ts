/**
 * The web hop's floor for `npm run bench:web`: a bare `node:http` forwarder in its own process, in front
 * of the mailbox server. It passes each request and its answer through unchanged and works out the
 * SHA-256 of every request body it forwards, as the send route must; it has no framework, no session and
 * no other check. A lib/mesh client pointed at it makes the same transfer as the direct one with one hop
 * added, so its time in the same run is what any web hop costs on this machine at the time.
 */
import { spawn } from "node:child_process";
import type { CpuRounds } from "./bench-process";
import { list, median } from "./bench-support";

const FORWARDER = `
const http = require("node:http"), { createHash } = require("node:crypto");
const target = new URL(process.argv[1]);
const agent = new http.Agent({ keepAlive: true });
http.createServer((req, res) => {
  const hash = req.method === "POST" ? createHash("sha256") : null;
  const out = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent },
    (answer) => { res.writeHead(answer.statusCode, answer.headers); answer.pipe(res); },
  );
  out.on("error", () => { res.statusCode = 502; res.end(); });
  if (hash) { req.on("data", (piece) => hash.update(piece)); req.on("end", () => hash.digest()); }
  req.pipe(out);
}).listen(0, "127.0.0.1", function () { console.log("forwarder " + this.address().port); });
`;

export type Forwarder = { url: string; pid: number; stop(): void };

export async function startForwarder(targetUrl: string): Promise<Forwarder> {
  const child = spawn(process.execPath, ["-e", FORWARDER, targetUrl], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      const m = /forwarder (\d+)/.exec(d);
      if (m) resolve(m[1]!);
    });
    child.once("exit", () => reject(new Error("the forwarder exited before it listened")));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill("SIGTERM") };
}

/** The forwarder's line in the upload and download benches: the floor of any web hop in this run. */
export function hopFloor(forwarded: number[], direct: number[], web: number[], cpu: CpuRounds): string {
  const cpuText = Object.entries(cpu)
    .map(([name, values]) => `${name} ${median(values).toFixed(0)}`)
    .join(" + ");
  return (
    `  the hop's floor: the direct client through a bare node:http forwarder (SHA-256 of request bodies, nothing else) ` +
    `${median(forwarded).toFixed(0)} ms (${list(forwarded)}), ${(median(forwarded) / median(direct)).toFixed(2)}× direct; ` +
    `web / that = ${(median(web) / median(forwarded)).toFixed(2)}×; its CPU: ${cpuText} ms`
  );
}
