// Lists the optional dependencies that package-lock.json lacks. The registry here lags on some
// platform builds; `npm install` drops those silently and `npm ci` then refuses the lockfile.
import { readFileSync } from "node:fs";

const { packages } = JSON.parse(readFileSync("package-lock.json", "utf8"));
const have = new Set(Object.keys(packages).map((key) => key.slice(key.lastIndexOf("node_modules/") + 13)));
const missing = [];
for (const [location, meta] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    if (!have.has(name)) {
      const owner = location.replace(/^.*node_modules\//, "") || "root";
      missing.push(`${name}@${range} (optional dependency of ${owner}@${meta.version})`);
    }
  }
}
if (missing.length > 0) {
  console.error(`package-lock.json lacks ${missing.length} optional package(s); npm ci will fail:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
console.log("package-lock.json: all optional dependencies present");
