/**
 * `npm run mailbox`: runs the bundled server (`main.ts`, see `bundle.ts`) as a child `node` process,
 * passing output straight through and Ctrl-C / SIGTERM on to it.
 */
import { spawn } from "node:child_process";
import { mailboxNodeArgs, mailboxProcessEnv } from "./bundle";

const child = spawn(process.execPath, await mailboxNodeArgs(), { stdio: "inherit", env: mailboxProcessEnv(process.env) });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
