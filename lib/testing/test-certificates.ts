// Test-only: throwaway certificates for mutual-TLS tests, made with openssl; never committed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type TestCertificates = {
  dir: string;
  /** The file's path: `ca.pem`, `server.pem` / `.key`, `client.pem` / `.key`, `stranger.pem` / `.key`. */
  file(name: string): string;
  remove(): void;
};

/** Writes `<name>.pem` and `<name>.key` into `dir`: a self-signed certificate for `subject` (`/O=…/CN=…`). */
export function selfSignedCertificate(dir: string, name: string, subject: string, days: number): void {
  const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.pem`];
  execFileSync("openssl", [...args, "-days", String(days), "-subj", subject], { cwd: dir, stdio: "pipe" });
}

/**
 * A CA with a server certificate (for localhost and 127.0.0.1) and a client certificate signed by it,
 * and a self-signed "stranger" client certificate that CA never issued. Valid for two days.
 */
export function makeTestCertificates(prefix: string, { clientCn = "client" }: { clientCn?: string } = {}): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const selfSigned = (name: string, cn: string) => selfSignedCertificate(dir, name, `/CN=${cn}`, 2);
  try {
    selfSigned("ca", "Mailroom test CA");
    writeFileSync(file("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    writeFileSync(file("client.ext"), "extendedKeyUsage=clientAuth\n");
    for (const [name, cn] of [
      ["server", "localhost"],
      ["client", clientCn],
    ] as const) {
      openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
      const sign = ["-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", `${name}.ext`];
      openssl("x509", "-req", "-in", `${name}.csr`, ...sign, "-out", `${name}.pem`);
    }
    selfSigned("stranger", "stranger");
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
