import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/fixtures/stack";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: E2E.appUrl,
    trace: "retain-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
  },
  // The real stack, production build: the mailbox server, the identity provider and `next start` (after `npm run build`).
  webServer: [
    {
      name: "mailbox",
      command: "node --import tsx services/mailbox/run-bundled.ts",
      url: `${E2E.meshUrl}/health`,
      env: E2E.mailboxEnv,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 60_000,
    },
    {
      name: "identity",
      command: "node --import tsx services/identity/main.ts",
      url: `${E2E.issuer}/.well-known/openid-configuration`,
      env: E2E.identityEnv,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 60_000,
    },
    {
      name: "web",
      // The demo seed step first, as `npm start` takes it: the app's PGlite directory takes one process at a time.
      command: `node --import tsx scripts/seed-demo-data.ts && node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${E2E.webPort}`,
      url: `http://127.0.0.1:${E2E.webPort}/api/health`,
      env: E2E.webEnv,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 120_000,
    },
    {
      name: "web-hscn",
      command: `node --import tsx scripts/seed-demo-data.ts && node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${E2E.hscnWebPort}`,
      url: `http://127.0.0.1:${E2E.hscnWebPort}/api/health`,
      env: E2E.hscnWebEnv,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      timeout: 120_000,
    },
  ],
});
