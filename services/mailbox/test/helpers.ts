import { createHash, type Hash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import { meshToken } from "../testing/mesh-token";

export type Res = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; json<T = Record<string, unknown>>(): T };

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export type ReqOpts = {
  method?: string;
  headers?: Record<string, string | undefined>;
  body?: Buffer | string | Readable;
  tls?: https.AgentOptions;
};

/** Raw HTTP (no automatic gzip decoding, unlike fetch) so tests see exactly what the server sent. */
export function request(url: string, opts: ReqOpts = {}): Promise<Res> {
  const u = new URL(url);
  const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.request(u, { method: opts.method ?? "GET", headers, ...(u.protocol === "https:" ? opts.tls : { agent }) }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => {
        const body = Buffer.concat(parts);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body.toString("utf8")) as T });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    const b = opts.body;
    if (b === undefined) req.end();
    else if (typeof b === "string" || Buffer.isBuffer(b)) req.end(b);
    else b.pipe(req);
  });
}

/** Downloads to a SHA-256 without keeping the body. */
export function downloadHash(
  url: string,
  headers: Record<string, string | undefined>,
  into?: Hash,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers: headers as Record<string, string>, agent }, (res) => {
      const h = into ?? createHash("sha256");
      let bytes = 0;
      res.on("data", (d: Buffer) => {
        bytes += d.length;
        h.update(d);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, sha256: into ? "" : h.digest("hex"), bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export const PASSWORDS: Record<string, string> = {
  X26ABC1: "password",
  X26ABC2: "password",
  X26ABC3: "password",
  Y90001OT: "riverside-mesh-pw",
  Y90002OT: "hillside-mesh-pw",
  R9XRECS1: "northgate-records-pw",
  R9XPATH1: "northgate-pathology-pw",
};

/** Minimal MESH caller for tests: fresh token per request, chosen API version. */
export class Caller {
  constructor(
    private readonly base: () => string,
    readonly mailboxId: string,
    readonly version: 1 | 2 = 2,
    private readonly password = PASSWORDS[mailboxId] ?? "password",
  ) {}

  headers(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return {
      authorization: meshToken({ mailboxId: this.mailboxId, password: this.password }),
      accept: this.version === 2 ? "application/vnd.mesh.v2+json" : "application/json",
      ...extra,
    };
  }

  call(method: string, path: string, opts: { headers?: Record<string, string | undefined>; body?: ReqOpts["body"] } = {}): Promise<Res> {
    return request(`${this.base()}/messageexchange/${this.mailboxId}${path}`, {
      method,
      headers: this.headers(opts.headers),
      body: opts.body,
    });
  }

  async send(
    to: string,
    body: Buffer | string,
    headers: Record<string, string | undefined> = {},
    workflow = "TEST_WORKFLOW",
  ): Promise<string> {
    const r = await this.call("POST", "/outbox", {
      headers: { "mex-to": to, "mex-workflowid": workflow, "content-type": "application/octet-stream", ...headers },
      body,
    });
    if (r.status !== 202) throw new Error(`send failed ${r.status} ${r.body.toString()}`);
    const j = r.json<{ message_id?: string; messageID?: string }>();
    return (j.message_id ?? j.messageID)!;
  }

  async inbox(query = ""): Promise<string[]> {
    const r = await this.call("GET", `/inbox${query}`);
    if (r.status !== 200) throw new Error(`inbox failed ${r.status} ${r.body.toString()}`);
    return r.json<{ messages: string[] }>().messages;
  }

  ack(id: string): Promise<Res> {
    return this.call("PUT", `/inbox/${id}/status/acknowledged`);
  }
}
