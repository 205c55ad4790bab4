import { defineConfig } from "@playwright/test";
import { E2E_BASE_URL, E2E_PORT } from "./test/e2e/support/server-settings";

// Browser tests run Debian's Chromium (apt package "chromium"); Playwright's
// own browser download is not reachable from our machines.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "test/e2e",
  outputDir: ".tmp/e2e-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: ".tmp/e2e-report.json" }]],
  use: {
    baseURL: E2E_BASE_URL,
    // The demo course's zone, so that dates read once whatever the machine's zone; time-zones.spec.ts sets others per context.
    timezoneId: "UTC",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // Builds the app, prepares a fresh SQLite database and serves the
    // production build, as `npm start` does.
    command: "node test/e2e/support/e2e-server.mjs",
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(E2E_PORT) },
  },
});
