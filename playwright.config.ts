import { defineConfig } from "@playwright/test";
import { E2E_BASE_URL, E2E_PORT, E2E_POSTGRES_BASE_URL, E2E_POSTGRES_PORT, E2E_POSTGRES_URL } from "./test/e2e/support/server-settings";
import { CHROMIUM_EXECUTABLE } from "./test/harness/chromium";

// The term's features (issue 22) must work on both databases: these specs run
// once more in the postgresql project, against a second server on PostgreSQL.
// Their database helpers (test/e2e/support/demo-db.ts) follow the project. So
// must LTI inside the LMS (issue 23).
const ON_BOTH_DATABASES =
  /\/(exceptions|question-pools|time-zones|time-limits|exam-mode|manual-grading|lti-platform|lti-deep-link|lti-dynamic-registration|lti-lms-address)\.spec\.ts$/;
// Specs about PostgreSQL itself (several app instances on one database, on servers of their own) run in the postgresql project alone.
const ON_POSTGRESQL_ONLY = /\/lti-instances\.spec\.ts$/;

export default defineConfig({
  testDir: "test/e2e",
  outputDir: ".tmp/e2e-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: ".tmp/e2e-report.json" }]],
  use: {
    // The demo course's zone, so that dates read once whatever the machine's zone; time-zones.spec.ts sets others per context.
    timezoneId: "UTC",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_EXECUTABLE,
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
  projects: [
    { name: "sqlite", testIgnore: ON_POSTGRESQL_ONLY, use: { baseURL: E2E_BASE_URL } },
    // Without TEST_DATABASE_URL_POSTGRES there is no server for it: its tests skip, saying what to set (demo-db.ts).
    { name: "postgresql", testMatch: [ON_BOTH_DATABASES, ON_POSTGRESQL_ONLY], use: { baseURL: E2E_POSTGRES_BASE_URL } },
  ],
  // Playwright starts these one after the other, each once its predecessor
  // answers: the first builds the app, the second serves that same build.
  webServer: [
    {
      // Builds the app, prepares a fresh SQLite database and serves the
      // production build, as `npm start` does.
      name: "sqlite",
      command: "node test/e2e/support/e2e-server.mjs",
      url: `${E2E_BASE_URL}/api/health`,
      // `next build` takes 1–3 min on an idle 2-core machine and past 3 under load; machines vary 3×.
      timeout: 420_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: { E2E_PORT: String(E2E_PORT) },
    },
    ...(E2E_POSTGRES_URL
      ? [
          {
            // The same build on a fresh PostgreSQL database, prepared as `npm start` prepares one.
            name: "postgresql",
            command: "node test/e2e/support/e2e-server.mjs",
            url: `${E2E_POSTGRES_BASE_URL}/api/health`,
            timeout: 120_000,
            reuseExistingServer: false,
            stdout: "pipe" as const,
            stderr: "pipe" as const,
            env: { E2E_PORT: String(E2E_POSTGRES_PORT), E2E_POSTGRES_URL, E2E_SKIP_BUILD: "1" },
          },
        ]
      : []),
  ],
});
