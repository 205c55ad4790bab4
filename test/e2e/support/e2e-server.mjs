// The server the browser tests talk to: a production build (`next build`,
// `next start`) on a fresh database prepared exactly as `npm start`
// prepares one. Started and stopped by Playwright (playwright.config.ts).
// A SQLite file per port by default; with E2E_POSTGRES_URL, that PostgreSQL
// database, dropped and created afresh on TEST_DATABASE_URL_POSTGRES's server.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const port = process.env.E2E_PORT ?? "3210";
/** The last build's output (clean-start.spec.ts reads it by the same path). */
const BUILD_OUTPUT_FILE = path.join(root, ".tmp", "next-build-output.txt");
const postgresUrl = process.env.E2E_POSTGRES_URL || undefined;
const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_PROVIDER: postgresUrl ? "postgresql" : "sqlite",
  // One folder per port, so that browser runs on different ports do not share a database
  // (test/e2e/support/server-settings.ts reads the same path, and names the PostgreSQL database per port).
  DATABASE_URL: postgresUrl ?? `file:./.tmp/e2e-${port}/chainrule.db`,
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NEXTAUTH_SECRET: "e2e-only-secret-0123456789abcdefghijklmnopqrstuv",
  CHAINRULE_SIGNUP: "invite",
  CHAINRULE_SEED_DEMO: "true",
  // Encrypts the LTI tool keys (required in production: lib/lti/key-secret.ts).
  CHAINRULE_LTI_KEY_SECRET: "e2e-only-lti-key-secret-0123456789abcdefghijkl",
  // The LMS score sender looks for due scores every second and retries after
  // 0.2 s, doubling (production: 5 s and 2 s), so that a score refused by a
  // failing test platform arrives within a test's time (lti-platform.spec.ts).
  CHAINRULE_LTI_SCORE_POLL_MS: "1000",
  CHAINRULE_LTI_SCORE_BACKOFF_BASE_MS: "200",
};
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = (command, args) => execFileSync(command, args, { cwd: root, env, stdio: "inherit" });

/**
 * `next build`, its output shown and kept in BUILD_OUTPUT_FILE: clean-start.spec.ts
 * holds the build to the same rule as the start, no line a newcomer has to wonder about.
 */
function build() {
  const result = spawnSync(bin("next"), ["build"], { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const output = `${result.stdout}${result.stderr}`;
  process.stdout.write(output);
  mkdirSync(path.dirname(BUILD_OUTPUT_FILE), { recursive: true });
  writeFileSync(BUILD_OUTPUT_FILE, output);
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
}

/** Drops the database a previous run left and creates it empty, over a connection to the server's own database. */
async function recreatePostgresDatabase(url) {
  const server = process.env.TEST_DATABASE_URL_POSTGRES;
  if (!server) throw new Error("E2E_POSTGRES_URL needs TEST_DATABASE_URL_POSTGRES: a server where the tests may create databases.");
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

rmSync(path.join(root, ".tmp", `e2e-${port}`), { recursive: true, force: true });
if (postgresUrl) await recreatePostgresDatabase(postgresUrl);
if (process.env.E2E_SKIP_BUILD !== "1") build();
run(process.execPath, [path.join("scripts", "db", "prepare.mjs")]);

const server = spawn(bin("next"), ["start", "-p", port, "-H", "127.0.0.1"], { cwd: root, env, stdio: "inherit" });
// `next start` runs the server in a child process of its own; pass the stop
// signal on so that no next-server is left behind.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.kill(signal);
  });
}
server.on("exit", (code) => process.exit(code ?? 0));
