/**
 * The reliability checks as assertions, for CI (`npm test` runs this after
 * the browser tests, on the production build they made):
 * `npx tsx --conditions=react-server test/reliability/check.ts [--json FILE]`
 *
 * 1. PostgreSQL restarted in the middle of a rush of submissions, on a
 *    private cluster (fault-postgres.ts), then 50 parallel submissions of
 *    one student against an attempt limit of 3 on the same server.
 * 2. A SQLite file locked by another connection past the busy timeout and
 *    past the app's retries (fault-sqlite.ts), then the same 50 parallel
 *    submissions.
 *
 * Prints each check with the measured value, writes the figures as JSON
 * (for test/reliability/run.ts), and exits 1 if any check failed.
 * Needs a production build (NEXT_DIST_DIR is honoured) and PostgreSQL 15's
 * server binaries (/usr/lib/postgresql/15/bin, or CHAINRULE_POSTGRES_BIN).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../harness/app-server";
import { numericArgument, optionalTextArgument, textArgument } from "../harness/arguments";
import { Checks } from "./checks";
import { runPostgresRestart } from "./fault-postgres";
import { runSqliteLock } from "./fault-sqlite";
import { privatePostgresAvailable } from "./private-postgres";

const jsonOut = textArgument("--json", path.join(ROOT, ".tmp", "reliability-checks.json"));
/** Ports for the app servers (3320-3339 is this script's range), and the private PostgreSQL's (0: a free one, private-postgres.ts). */
const POSTGRES_APP_PORT = numericArgument("--postgres-app-port", 3320);
const SQLITE_APP_PORT = numericArgument("--sqlite-app-port", 3321);
const PRIVATE_POSTGRES_PORT = numericArgument("--postgres-port", 0) || undefined;
/** `--only sqlite` or `--only postgresql`: one fault run (while working on it). */
const only = optionalTextArgument("--only");

export async function runChecks() {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(ROOT, distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}: run \`npx next build\` first`);
  const postgresChecks = new Checks("PostgreSQL restart");
  const sqliteChecks = new Checks("SQLite lock");
  let postgres = null;
  if (only === "sqlite") {
    // skipped on request
  } else if (privatePostgresAvailable()) {
    postgres = await runPostgresRestart(postgresChecks, { appPort: POSTGRES_APP_PORT, databasePort: PRIVATE_POSTGRES_PORT });
  } else {
    postgresChecks.expect(
      "PostgreSQL 15 server binaries present for a private cluster",
      false,
      "set CHAINRULE_POSTGRES_BIN to the folder holding initdb and pg_ctl",
    );
  }
  const sqlite = only === "postgresql" ? null : await runSqliteLock(sqliteChecks, { appPort: SQLITE_APP_PORT });
  const checks = [...postgresChecks.list, ...sqliteChecks.list];
  return { date: new Date().toISOString(), postgres, sqlite, checks };
}

async function main() {
  const result = await runChecks();
  mkdirSync(path.dirname(jsonOut), { recursive: true });
  writeFileSync(jsonOut, JSON.stringify(result, null, 2));
  for (const check of result.checks) console.log(`${check.ok ? "ok  " : "FAIL"} ${check.name}  ${check.detail}`);
  const failed = result.checks.filter((check) => !check.ok).length;
  console.log(
    `reliability checks: ${result.checks.length - failed} of ${result.checks.length} passed (figures in ${path.relative(ROOT, jsonOut)})`,
  );
  process.exit(failed > 0 ? 1 : 0);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
