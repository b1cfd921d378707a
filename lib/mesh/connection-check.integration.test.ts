import { readFileSync } from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "@/lib/testing/test-certificates";
import { startMailbox, type RunningMailbox } from "@/services/mailbox/testing/spawn-mailbox";
import { checkConnection, connectionOutcome } from "./connection-check";
import { MeshError } from "./errors";

// "Test the connection" against real servers: the mailbox server over http and over mutual TLS, a
// port nobody listens on, and a server that accepts the connection and never answers.

const base = { mailboxId: "X26ABC1", password: "password", sharedKey: "TestKey" };

describe("checkConnection over http", () => {
  let mailbox: RunningMailbox;
  let silent: net.Server;
  let silentPort = 0;
  const accepted = new Set<net.Socket>();
  beforeAll(async () => {
    mailbox = await startMailbox();
    silent = net.createServer((socket) => accepted.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await mailbox?.stop();
    for (const socket of accepted) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it("says connected, or not authorised for a wrong password or shared key", async () => {
    expect(await checkConnection({ ...base, baseUrl: mailbox.url })).toEqual({ outcome: "connected" });
    const wrong = await checkConnection({ ...base, baseUrl: mailbox.url, password: "wrong" });
    expect(wrong.outcome).toBe("not-authorised");
    expect(wrong.error?.status).toBe(403);
    expect((await checkConnection({ ...base, baseUrl: mailbox.url, sharedKey: "wrong" })).outcome).toBe("not-authorised");
  });

  it("says unreachable when nothing listens, and timed out when the server stays silent", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await checkConnection({ ...base, baseUrl: `http://127.0.0.1:${port}` })).outcome).toBe("unreachable");
    const timedOut = await checkConnection({ ...base, baseUrl: `http://127.0.0.1:${silentPort}`, timeoutMs: 300 });
    expect(timedOut.outcome).toBe("timed-out");
  });

  it("refuses TLS material on an http URL as a certificate problem", async () => {
    const check = await checkConnection({
      ...base,
      baseUrl: mailbox.url,
      tls: { cert: "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n" },
    });
    expect(check.outcome).toBe("certificate-refused");
  });
});

describe("checkConnection over mutual TLS", () => {
  let certs: TestCertificates | undefined;
  let mailbox: RunningMailbox | undefined;
  const pem = (name: string) => certs!.file(name);

  beforeAll(async () => {
    certs = makeTestCertificates("mesh-check");
    mailbox = await startMailbox({
      env: { MAILBOX_TLS_CERT: pem("server.pem"), MAILBOX_TLS_KEY: pem("server.key"), MAILBOX_TLS_CA: pem("ca.pem") },
    });
  });
  afterAll(async () => {
    await mailbox?.stop();
    certs?.remove();
  });

  it("connects with the right certificate and says the certificate was refused otherwise", async () => {
    const baseUrl = mailbox?.url ?? "";
    const ca = readFileSync(pem("ca.pem"), "utf8");
    const text = (name: string) => readFileSync(pem(name), "utf8");
    expect((await checkConnection({ ...base, baseUrl, tls: { cert: text("client.pem"), key: text("client.key"), ca } })).outcome).toBe(
      "connected",
    );
    expect((await checkConnection({ ...base, baseUrl, tls: { cert: text("stranger.pem"), key: text("stranger.key"), ca } })).outcome).toBe(
      "certificate-refused",
    );
    expect((await checkConnection({ ...base, baseUrl, tls: { ca } })).outcome).toBe("certificate-refused");
    // A key that is not the certificate's.
    expect((await checkConnection({ ...base, baseUrl, tls: { cert: text("client.pem"), key: text("stranger.key"), ca } })).outcome).toBe(
      "certificate-refused",
    );
  });
});

describe("connectionOutcome", () => {
  it("keeps anything that is not a MeshError as a plain failure", () => {
    expect(connectionOutcome(new Error("boom"), false)).toBe("failed");
    expect(connectionOutcome(new MeshError("x", { kind: "protocol" }), false)).toBe("failed");
    expect(connectionOutcome(new MeshError("x", { kind: "unavailable", status: 503 }), false)).toBe("unreachable");
  });
});
