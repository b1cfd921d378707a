// The browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `The browser tests need Chromium at ${chromium}, and it is not there.\n` +
      "Install it with:\n\n  sudo apt-get update && sudo apt-get install -y chromium\n\n" +
      "or set CHROMIUM_PATH to another Chromium or Chrome binary.",
  );
  process.exit(1);
}
