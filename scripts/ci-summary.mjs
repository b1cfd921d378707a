// One plain closing line for CI, "N passed, N failed, N skipped", counted from the Vitest (unit, web)
// and Playwright JSON reports (CI does not read their own closing lines).
import { existsSync, readFileSync } from "node:fs";

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null);
const unit = read("reports/unit.json");
const web = read("reports/web.json");
const e2e = read("reports/e2e.json");
let passed = 0;
let failed = 0;
let skipped = 0;
for (const vitest of [unit, web]) {
  if (!vitest) continue;
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
}
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
}
if (!unit || !web || !e2e) {
  console.error(`missing test report(s): unit=${Boolean(unit)} web=${Boolean(web)} e2e=${Boolean(e2e)}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
