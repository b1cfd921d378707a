import { runMeshCli } from "./cli-run";

// Entry point for `npm run mesh -- <command>`; the logic lives in cli-run.ts so tests can call it.
const controller = new AbortController();
process.once("SIGINT", () => {
  process.stderr.write("\nCancelling; an unfinished send is never delivered.\n");
  controller.abort();
});

process.exitCode = await runMeshCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
