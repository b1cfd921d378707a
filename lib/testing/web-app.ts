// Test-only: starts the production build (`next start`) as its own process, as it runs for real.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(REPO_ROOT, "node_modules/next/dist/bin/next");

export type WebApp = {
  /** The public origin, `http://localhost:<port>`: Next turns 127.0.0.1 into localhost, and Auth.js's callback URL follows. */
  url: string;
  port: number;
  /** The settings the process was started with. */
  env: Readonly<Record<string, string>>;
  /** Everything the process printed so far, for failure messages. */
  output: () => string;
  /** SIGTERM, then SIGKILL if it has not exited after 10 s. */
  stop: () => Promise<void>;
};

export type WebAppOptions = {
  /** Settings on top of the defaults below; OIDC_ISSUER and DATABASE_URL are required. */
  env: Record<string, string> & { OIDC_ISSUER: string; DATABASE_URL: string };
  /** A port chosen beforehand (when another process must know the app's URL first); a free one otherwise. */
  port?: number;
  /** How long to wait for /api/health. */
  startTimeoutMs?: number;
};

/** Settings of the test's own environment that must not leak into the web process. */
const NOT_INHERITED =
  /^(AUTH_|NEXTAUTH_|OIDC_|MESH_|SESSION_|IDENTITY_|MAILBOX_|VITEST|__NEXT|NEXT_PRIVATE_)|^(NODE_ENV|DATABASE_URL|TEST_DATABASE_URL|CREDENTIALS_KEY|MIN_ASSURANCE_LEVEL|SEED_DEMO_DATA|PORT|HOST)$/;

/** Fails with the instruction to build when there is no production build to start. */
export function assertBuilt(): void {
  if (!existsSync(path.join(REPO_ROOT, ".next", "BUILD_ID"))) {
    throw new Error("These tests run the production build, and .next/BUILD_ID is missing: run `npm run build` first.");
  }
}

/** The app's routes in the build (`/mailboxes/[mailboxId]/inbox`…), split into pages and route handlers. */
export function builtRoutes(): { pages: string[]; handlers: string[] } {
  assertBuilt();
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, ".next", "app-path-routes-manifest.json"), "utf8")) as Record<
    string,
    string
  >;
  const pages: string[] = [];
  const handlers: string[] = [];
  for (const [entry, route] of Object.entries(manifest)) {
    if (route.startsWith("/_")) continue; // Next's own error pages
    if (entry.endsWith("/page")) pages.push(route);
    else if (entry.endsWith("/route")) handlers.push(route);
  }
  return { pages: pages.sort(), handlers: handlers.sort() };
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Defaults good for a test: random secrets, the demo client, and a MESH URL nothing answers on. */
function defaultEnv(url: string): Record<string, string> {
  return {
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_URL: url,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    OIDC_CLIENT_ID: "mailroom",
    OIDC_CLIENT_SECRET: "mailroom-dev-secret",
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    // Port 9 (discard): these tests never reach a mailbox; a request there fails at once.
    MESH_URL: "http://127.0.0.1:9",
  };
}

/** Runs the demo seed step on the app's database, as `npm start` does before its web server. */
async function runDemoSeedStep(env: NodeJS.ProcessEnv): Promise<void> {
  await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/seed-demo-data.ts"], { cwd: REPO_ROOT, env }).catch(
    (error: unknown) => {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`the demo seed step failed before next start:\n${stdout ?? ""}${stderr ?? ""}`, { cause: error });
    },
  );
}

/**
 * Seeds the demo data as `npm start` does, then starts `next start -H 127.0.0.1 -p <port>` from the repo
 * root with `options.env` over test defaults, and resolves once GET /api/health answers 200. Rejects with
 * the process output if it exits first.
 */
export async function startWebApp(options: WebAppOptions): Promise<WebApp> {
  assertBuilt();
  const port = options.port ?? (await freePort());
  const url = `http://localhost:${port}`;
  const env: Record<string, string> = { ...defaultEnv(url), ...options.env };
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key, value]) => value !== undefined && !NOT_INHERITED.test(key)),
  ) as Record<string, string>;

  // No NODE_ENV: `next start` sets production itself.
  const processEnv = { ...inherited, ...env } as NodeJS.ProcessEnv;
  await runDemoSeedStep(processEnv);
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: REPO_ROOT,
    env: processEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  const health = `http://127.0.0.1:${port}/api/health`;
  for (;;) {
    if (hasExited) throw new Error(`next start exited before it was ready (port ${port}):\n${output}`);
    const ok = await fetch(health, { signal: AbortSignal.timeout(5_000) }).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer ${health} in time:\n${output}`);
    }
    // Poll interval while the server starts; not a wait for something to happen by itself.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port, env, output: () => output, stop };
}
