/**
 * `npm start`: builds the web app when there is no build (or it is older than the sources), adds the
 * demo data to an empty app database (scripts/seed-demo-data.ts), then runs the web server with the
 * embedded mailbox server and the local identity provider beside it, unless MESH_URL / OIDC_ISSUER
 * point at real services. `npm run dev` does the same with `next dev`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { mailroomClientUris } from "../services/identity/config";
import { mailboxNodeArgs, mailboxProcessEnv } from "../services/mailbox/bundle";
import { DEMO_MAILBOXES, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SHARED_KEY } from "../lib/demo/data";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
if (existsSync(".env")) process.loadEnvFile(".env");

const dev = process.argv.includes("--dev");
const host = process.env.HOST ?? "127.0.0.1";
// The mailbox server holds the demo credentials and, in test rigs, an admin API: only this machine reaches it.
const mailboxHost = "127.0.0.1";
const webPort = Number(process.env.PORT ?? 3000);
const mailboxPort = Number(process.env.MAILBOX_PORT ?? 8700);
const identityPort = Number(process.env.IDENTITY_PORT ?? 3100);
// Auth.js builds its callback URL from the request URL, in which Next turns 127.0.0.1 into localhost.
const appUrl = process.env.AUTH_URL ?? `http://localhost:${webPort}`;
const runMailbox = !process.env.MESH_URL;
const runIdentity = !process.env.OIDC_ISSUER;

/** The running process of each service, replaced when one is restarted. */
const children = new Map<string, ChildProcess>();
let stopping = false;

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

/** Secrets for a demo machine, made once and kept in data/ so sessions and stored credentials survive restarts. */
function demoSecrets(): { AUTH_SECRET: string; CREDENTIALS_KEY: string } {
  const file = path.join("data", "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  mkdirSync("data", { recursive: true });
  const secrets = { AUTH_SECRET: randomBytes(33).toString("base64"), CREDENTIALS_KEY: randomBytes(32).toString("base64") };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  log(`Made new secrets for this machine in ${file} (set AUTH_SECRET and CREDENTIALS_KEY to use your own).`);
  return secrets;
}

function portFree(port: number, on = host): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, on);
  });
}

function newestSource(entries: string[]): number {
  let newest = 0;
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    const stats = statSync(entry);
    if (stats.isDirectory()) {
      for (const child of readdirSync(entry)) if (child !== "node_modules") visit(path.join(entry, child));
    } else {
      newest = Math.max(newest, stats.mtimeMs);
    }
  };
  entries.forEach(visit);
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(".next", "BUILD_ID");
  const sources = [
    "app",
    "components",
    "lib",
    "public",
    "proxy.ts",
    "instrumentation.ts",
    "next.config.mjs",
    "package-lock.json",
    "postcss.config.mjs",
    "tsconfig.json",
  ];
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource(sources)) return;
  log(existsSync(buildId) ? "The sources changed since the last build: building…" : "No build yet: building (about 30 seconds)…");
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    log("The build failed; see the messages above.");
    process.exit(result.status ?? 1);
  }
}

/** Waits before restart number n within RESTART_WINDOW_MS: 1 s, 2 s, 4 s… up to 30 s, so a crash loop cannot spin. */
const RESTART_WINDOW_MS = 10 * 60_000;
const restartDelayMs = (recent: number) => Math.min(30_000, 1000 * 2 ** Math.max(0, recent - 1));

/**
 * Runs one service and restarts it whenever it dies, so one failing process (say, the web app out
 * of memory) does not take the other two down with it. `readyUrl` says when a restarted one is back.
 */
function run(name: string, args: string[], env: Record<string, string | undefined>, readyUrl: string) {
  const crashes: number[] = [];
  const launch = () => {
    const child = spawnService(name, args, env);
    child.on("exit", (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      crashes.push(now);
      while (crashes[0]! < now - RESTART_WINDOW_MS) crashes.shift();
      const delay = restartDelayMs(crashes.length);
      log(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it in ${delay / 1000} s.`);
      setTimeout(() => {
        if (stopping) return;
        launch();
        void whenReady(readyUrl).then((ready) => ready && log(`${name} is running again.`));
      }, delay);
    });
  };
  launch();
}

/** True once `url` answers 200; false if Mailroom is stopping first. */
async function whenReady(url: string): Promise<boolean> {
  while (!stopping) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function spawnService(name: string, args: string[], env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => `[${name}] ${line}\n`)
      .join("");
  child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  children.set(name, child);
  return child;
}

async function waitFor(name: string, url: string, timeoutMs = 120_000) {
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), timeoutMs).unref());
  if ((await Promise.race([whenReady(url), timeout])) !== "timeout") return;
  log(`${name} did not become ready at ${url} within ${timeoutMs / 1000} seconds; stopping Mailroom.`);
  await stop(1);
}

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  const exits = [...children.values()]
    .filter((child) => child.exitCode === null && child.signalCode === null)
    .map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
        }),
    );
  await Promise.all(exits);
  process.exit(code);
}

async function main() {
  const wanted: Array<[string, number]> = [["web", webPort]];
  if (runMailbox) wanted.push(["mailbox", mailboxPort]);
  if (runIdentity) wanted.push(["identity", identityPort]);
  for (const [name, port] of wanted) {
    const on = name === "mailbox" ? mailboxHost : host;
    if (!(await portFree(port, on))) {
      const variable = name === "web" ? "PORT" : name === "mailbox" ? "MAILBOX_PORT" : "IDENTITY_PORT";
      log(
        `Port ${port} on ${on} is already in use, so the ${name} server cannot start. Stop the program using it, or set ${variable} to another port.`,
      );
      process.exit(1);
    }
  }

  if (!dev) buildIfNeeded();
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  const secrets = process.env.AUTH_SECRET && process.env.CREDENTIALS_KEY ? undefined : demoSecrets();
  const meshUrl = process.env.MESH_URL ?? `http://${mailboxHost}:${mailboxPort}`;
  const issuer = process.env.OIDC_ISSUER ?? `http://127.0.0.1:${identityPort}`;
  const ready = {
    mailbox: `http://${mailboxHost}:${mailboxPort}/health`,
    identity: `${issuer}/.well-known/openid-configuration`,
    web: `http://${host}:${webPort}/api/health`,
  };
  if (runMailbox) {
    run(
      "mailbox",
      await mailboxNodeArgs(),
      mailboxProcessEnv({ ...process.env, MAILBOX_PORT: String(mailboxPort), MAILBOX_HOST: mailboxHost }),
      ready.mailbox,
    );
  }
  if (runIdentity) {
    const identityEnv = {
      IDENTITY_PORT: String(identityPort),
      IDENTITY_HOST: "127.0.0.1",
      IDENTITY_ISSUER: issuer,
      ...mailroomClientUris(appUrl),
    };
    run("identity", ["--import", "tsx", "services/identity/main.ts"], identityEnv, ready.identity);
  }
  // The web server must wait: a PGlite directory can be open in only one process at a time.
  const seed = spawnService("seed", ["--import", "tsx", "scripts/seed-demo-data.ts"], { ...secrets });
  const seeded = await new Promise<boolean>((resolve) => seed.once("exit", (code) => resolve(code === 0)));
  if (stopping) return;
  if (!seeded) {
    log("The demo seed step failed; see the messages above. Stopping Mailroom.");
    await stop(1);
    return;
  }
  const nextArgs = dev ? ["dev", "-H", host, "-p", String(webPort)] : ["start", "-H", host, "-p", String(webPort)];
  run(
    "web",
    ["node_modules/next/dist/bin/next", ...nextArgs],
    {
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_URL: appUrl,
      MESH_URL: meshUrl,
      OIDC_ISSUER: issuer,
      ...(runIdentity ? { OIDC_CLIENT_ID: "mailroom", OIDC_CLIENT_SECRET: "mailroom-dev-secret" } : {}),
      ...secrets,
    },
    ready.web,
  );

  if (runMailbox) await waitFor("The mailbox server", ready.mailbox);
  if (runIdentity) await waitFor("The identity provider", ready.identity);
  await waitFor("The web server", ready.web);
  if (stopping) return;

  log("");
  log(`Mailroom is ready: ${appUrl}`);
  if (runMailbox) {
    log("");
    log(`Mailbox server (MESH API): ${meshUrl}  shared key ${DEMO_SHARED_KEY}`);
    for (const mailbox of DEMO_MAILBOXES) log(`  ${mailbox.mailboxId.padEnd(9)} password ${mailbox.password.padEnd(24)} ${mailbox.name}`);
  }
  if (runIdentity) {
    log("");
    log(`Identity provider (CIS2 stand-in): ${issuer}  every demo person's password is ${DEMO_PASSWORD}`);
    for (const person of DEMO_PEOPLE) log(`  ${person.username.padEnd(13)} ${person.description}`);
  }
  log("");
  log("Press Ctrl-C to stop.");
}

void main();
