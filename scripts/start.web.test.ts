// `npm start` as a newcomer runs it: the three processes come up, the URL is printed, a taken port is
// refused with a clear message, and SIGTERM stops every child.
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, assertBuilt, freePort } from "@/lib/testing/web-app";

let child: ChildProcess | undefined;
let dataDir: string | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  child = undefined;
  dataDir = undefined;
});

function start(env: Record<string, string>) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "mailroom-start-"));
  const proc = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      AUTH_SECRET: "start-test-secret-0123456789abcdef0123456789",
      CREDENTIALS_KEY: Buffer.alloc(32, 3).toString("base64"),
      DATABASE_URL: `pglite://${path.join(dataDir, "app")}`,
      MAILBOX_DATA_DIR: path.join(dataDir, "mailbox"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let output = "";
  proc.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (output.includes(text) ? resolve() : undefined);
      proc.stdout?.on("data", check);
      void exited.then(() => (output.includes(text) ? resolve() : reject(new Error(`exited before printing ${text}:\n${output}`))));
      check();
    });
  return { proc, exited, printed, output: () => output };
}

function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

/** The pid of the child of `parent` whose command line matches `pattern`. */
function childPid(parent: number, pattern: RegExp): number {
  const pids = execFileSync("pgrep", ["-P", String(parent)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map(Number);
  const pid = pids.find((p) => pattern.test(readFileSync(`/proc/${p}/cmdline`, "utf8").replaceAll("\0", " ")));
  if (!pid) throw new Error(`no child of ${parent} matches ${pattern}`);
  return pid;
}

describe("npm start", () => {
  it("refuses a taken port, naming it and the setting to change", async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const run = start({ PORT: String(port), MAILBOX_PORT: String(await freePort()), IDENTITY_PORT: String(await freePort()) });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} on 127.0.0.1 is already in use, so the web server cannot start`);
      expect(run.output()).toContain("set PORT to another port");
    } finally {
      blocker.close();
    }
  });

  it("starts all three processes, prints the URL, and stops them all on SIGTERM", async () => {
    assertBuilt();
    const [web, mailbox, identity] = [await freePort(), await freePort(), await freePort()];
    const run = start({ PORT: String(web), MAILBOX_PORT: String(mailbox), IDENTITY_PORT: String(identity) });
    await run.printed("Press Ctrl-C to stop.");
    expect(run.output()).toContain(`Mailroom is ready: http://localhost:${web}`);
    expect(run.output()).toContain("tom.baker");
    expect(run.output()).toContain("Y90001OT");
    const page = await fetch(`http://127.0.0.1:${web}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Send and receive files through MESH");
    expect((await fetch(`http://127.0.0.1:${mailbox}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${identity}/.well-known/openid-configuration`)).status).toBe(200);

    run.proc.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    for (const port of [web, mailbox, identity]) expect(await portClosed(port), `port ${port} still open`).toBe(true);
  });

  it("restarts a child that dies, with a log line, and leaves the other two running", async () => {
    assertBuilt();
    const [web, mailbox, identity] = [await freePort(), await freePort(), await freePort()];
    const run = start({ PORT: String(web), MAILBOX_PORT: String(mailbox), IDENTITY_PORT: String(identity) });
    await run.printed("Press Ctrl-C to stop.");
    const mailboxPid = childPid(run.proc.pid!, /mailbox/);

    process.kill(childPid(run.proc.pid!, /next/), "SIGKILL"); // as the kernel ends a process out of memory
    await run.printed("web stopped unexpectedly (SIGKILL); restarting it in 1 s.");
    expect((await fetch(`http://127.0.0.1:${mailbox}/health`)).status).toBe(200);
    await run.printed("web is running again.");
    expect((await fetch(`http://127.0.0.1:${web}/`)).status).toBe(200);
    expect(childPid(run.proc.pid!, /mailbox/)).toBe(mailboxPid);
    expect((await fetch(`http://127.0.0.1:${identity}/.well-known/openid-configuration`)).status).toBe(200);

    run.proc.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });
});
