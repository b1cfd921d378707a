// One plain closing line for CI, "N passed, N failed, N skipped", counted from the Vitest and
// Playwright JSON reports (CI does not read their own closing lines).
import { existsSync, readFileSync } from "node:fs";

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null);
const unit = read("reports/unit.json");
const e2e = read("reports/e2e.json");
let passed = 0;
let failed = 0;
let skipped = 0;
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
}
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
}
if (!unit || !e2e) {
  console.error(`missing test report(s): unit=${Boolean(unit)} e2e=${Boolean(e2e)}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
