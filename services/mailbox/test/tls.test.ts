import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailbox, type RunningMailbox } from "../testing/spawn-mailbox";
import { meshToken } from "../testing/mesh-token";
import { request } from "./helpers";

let mb: RunningMailbox;
let dir: string;
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });

function issue(name: string, cn: string, caName: string | null, ext?: string): void {
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
  const sign = caName ? ["-CA", `${caName}.crt`, "-CAkey", `${caName}.key`, "-CAcreateserial"] : ["-signkey", `${name}.key`];
  const extArgs = ext ? ["-extfile", ext] : [];
  openssl("x509", "-req", "-in", `${name}.csr`, "-out", `${name}.crt`, "-days", "2", ...sign, ...extArgs);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "mailbox-tls-"));
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=Test MESH CA",
  );
  execFileSync("sh", ["-c", "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > server.ext"], { cwd: dir });
  issue("server", "localhost", "ca", "server.ext");
  issue("client", "SERVER001.X26.api.mesh-client.nhs.uk", "ca");
  issue("rogue", "rogue.example", null);
  mb = await startMailbox({
    env: { MAILBOX_TLS_CERT: file("server.crt"), MAILBOX_TLS_KEY: file("server.key"), MAILBOX_TLS_CA: file("ca.crt") },
  });
});
afterAll(async () => {
  await mb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const handshake = (tls: Record<string, unknown>) =>
  request(`${mb.url}/messageexchange/X26ABC1`, {
    method: "POST",
    headers: {
      authorization: meshToken({ mailboxId: "X26ABC1", password: "password" }),
      "mex-clientversion": "t",
      "mex-osname": "Linux",
      "mex-osversion": "1",
    },
    tls: { ca: readFileSync(file("ca.crt")), ...tls },
  });

describe("mutual TLS", () => {
  it("serves HTTPS and accepts a client certificate issued by the configured CA", async () => {
    expect(mb.url.startsWith("https://")).toBe(true);
    const r = await handshake({ cert: readFileSync(file("client.crt")), key: readFileSync(file("client.key")) });
    expect(r.status).toBe(200);
  });

  it("refuses connections without a client certificate or with one from another issuer", async () => {
    await expect(handshake({})).rejects.toThrow();
    await expect(handshake({ cert: readFileSync(file("rogue.crt")), key: readFileSync(file("rogue.key")) })).rejects.toThrow();
  });
});
