// `npm test`: every check, in the order that fails fastest. A failing step does not hide the
// others, except that the web-process and browser tests need a build.
import { spawnSync } from "node:child_process";

const BUILD = "production build";
const steps = [
  ["lint", ["run", "lint"]],
  ["format", ["run", "format:check"]],
  ["typecheck", ["run", "typecheck"]],
  ["unit and integration tests", ["run", "test:unit"]],
  [BUILD, ["run", "build"]],
  ["web-process tests", ["run", "test:web"], { needsBuild: true }],
  ["browser tests", ["run", "test:e2e"], { needsBuild: true }],
];

const failed = [];
for (const [name, args, { needsBuild = false } = {}] of steps) {
  if (needsBuild && failed.includes(BUILD)) {
    failed.push(name);
    console.log(`\n=== ${name}: skipped, the build failed`);
    continue;
  }
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const result = spawnSync("npm", args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    console.log(`=== ${name}: passed in ${seconds}s`);
  } else {
    failed.push(name);
    console.log(`=== ${name}: FAILED after ${seconds}s`);
  }
}
if (failed.length > 0) {
  console.log(`\nnpm test failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log("\nnpm test: everything passed");
