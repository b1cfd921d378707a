import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

export type IdentityProcess = {
  issuer: string;
  child: ChildProcess;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
};

/** The test's environment without any IDENTITY_* settings of its own, plus `env` (port 0 by default). */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(merged)) if (key.startsWith("IDENTITY_")) delete merged[key];
  return Object.assign(merged, { IDENTITY_PORT: "0" }, env);
}

/**
 * Starts the real provider (`node --import tsx services/identity/main.ts`) and resolves once it prints
 * its issuer. Port 0 by default, so each test process gets a free port.
 */
export function startIdentityProcess(env: Record<string, string> = {}): Promise<IdentityProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "services/identity/main.ts"], {
    cwd: REPO_ROOT,
    env: cleanEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    return exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const m = /identity provider listening on (\S+)/.exec(output);
      if (m?.[1]) resolve({ issuer: m[1], child, output: () => output, stop });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => reject(new Error(`identity provider exited with ${code}:\n${output}`)));
  });
}

/** Runs the provider expecting it to fail at start; resolves with exit code and output. */
export function runIdentityProcessToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "services/identity/main.ts"], {
    cwd: REPO_ROOT,
    env: cleanEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
  return new Promise((resolve) => {
    child.once("close", (code) => resolve({ code, output }));
    // A provider that did start would never exit by itself: stop it so the test fails instead of hanging.
    child.stdout.on("data", () => {
      if (/identity provider listening on/.test(output)) child.kill("SIGTERM");
    });
  });
}
