/**
 * Refreshes RELIABILITY.md: `npm run reliability`.
 *
 * Runs, in order, and records with the date and the machine:
 * 1. the grader's fuzz test (test/fuzz/grader.ts): inputs fuzzed, failures;
 * 2. a short load run (scripts/bench/load.ts, two stages) on SQLite, and on
 *    PostgreSQL when TEST_DATABASE_URL_POSTGRES is set: submissions/s,
 *    latency, errors, lost and doubled submissions;
 * 3. the fault-injection checks (test/reliability/check.ts): PostgreSQL
 *    restarted mid-rush, SQLite locked by another connection, and 50
 *    parallel submissions of one student against an attempt limit.
 *
 * Builds the app first when NEXT_DIST_DIR (default .next) holds no build.
 * Writes RELIABILITY.md at the repository root, prints the figures as JSON,
 * and exits 1 if a fuzz input or a check failed (the file is written anyway,
 * with the failures in it).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { ROOT } from "../harness/app-server";
import { runChecks } from "./check";
import type { PostgresRestartResult } from "./fault-postgres";
import type { SqliteLockResult } from "./fault-sqlite";

const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const LOAD_PORT = 3325;

function runJson(label: string, command: string, args: string[]): unknown {
  console.error(`reliability: ${label} …`);
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: process.env });
  const start = result.stdout.indexOf("{");
  if (start < 0) throw new Error(`${label} printed no JSON (exit ${result.status}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout.slice(start));
}

function ensureBuild() {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (existsSync(path.join(ROOT, distDir, "BUILD_ID"))) return;
  console.error(`reliability: no production build in ${distDir}, building …`);
  execFileSync(bin("next"), ["build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

function machine(): string {
  const cpus = os.cpus();
  const sqlite = new Database(":memory:");
  const sqliteVersion = (sqlite.prepare("SELECT sqlite_version() AS version").get() as { version: string }).version;
  sqlite.close();
  let postgres = "PostgreSQL not found";
  try {
    postgres = execFileSync(path.join(process.env.CHAINRULE_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin", "postgres"), ["--version"], {
      encoding: "utf8",
    }).trim();
  } catch {
    // reported as not found
  }
  return (
    `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} ` +
    `GiB, ${os.type()} ${os.release()}, Node ${process.version}, SQLite ${sqliteVersion}, ${postgres}`
  );
}

interface FuzzReport {
  inputs: number;
  failures: number;
  limit: { heaviestAnswer: string; heaviestMs: number; ratio: number; limitMs: number };
}

interface LoadReport {
  results: {
    provider: string;
    /** SQLite's synchronous level for this result (load.ts measures FULL and NORMAL). */
    sqliteSynchronous?: string;
    /** `next start` processes on the port. */
    instances?: number;
    students: number;
    stages: {
      connections: number;
      seconds: number;
      requests: number;
      ok2xx: number;
      non2xx: number;
      errors: number;
      timeouts: number;
      submissionsPerSecond: number;
      latencyMs: { p50: number; p95: number; p99: number };
    }[];
    integrity: { answered2xx: number; stored: number; lost: number; doubledOrUnknown: number };
  }[];
}

const databaseName = (result: LoadReport["results"][number]) =>
  result.sqliteSynchronous ? `${result.provider} (synchronous ${result.sqliteSynchronous})` : result.provider;

const counts = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .map(([label, n]) => `${n} × ${label}`)
    .join(", ") || "none";

function loadRows(load: LoadReport): string[] {
  return load.results.flatMap((result) =>
    result.stages.map(
      (stage) =>
        `| ${databaseName(result)} | ${result.instances ?? 1} | ${stage.connections} | ${stage.seconds} s | ` +
        `${stage.submissionsPerSecond} | ${stage.latencyMs.p50} / ${stage.latencyMs.p95} / ${stage.latencyMs.p99} ms ` +
        `| ${stage.non2xx + stage.errors + stage.timeouts} | ${result.integrity.lost} | ${result.integrity.doubledOrUnknown} ` +
        `|`,
    ),
  );
}

function postgresRows(run: PostgresRestartResult | null): string[] {
  if (!run) return ["| PostgreSQL restart | not run | | | |"];
  const t = run.timeline;
  return [
    `| PostgreSQL 15 restarted mid-rush (${run.fault}), ${run.concurrency} concurrent clients | before ` +
      `the stop (0–${(t.stopRequested / 1000).toFixed(1)} s) | ${counts(run.beforeStop.statuses)} | | |`,
    `| | while down (${(t.down / 1000).toFixed(1)}–${(t.startRequested / 1000).toFixed(1)} s) | ${counts(run.whileDown.statuses)} | | |`,
    `| | stopping or starting | ${counts(run.aroundTransitions.statuses)} | | |`,
    `| | after the restart (first 2xx ${run.secondsTo2xxAfterRestart} s after it was up) | ${counts(run.afterRestart.statuses)} | | |`,
    `| | every 503 sent again with its Idempotency-Key | ${counts(run.resentAfter503.statuses)} ` +
      `| ${run.integrity.lost} | ${run.integrity.doubledOrUnknown} |`,
  ];
}

function sqliteRows(run: SqliteLockResult | null): string[] {
  if (!run) return ["| SQLite lock | not run | | | |"];
  return [
    `| SQLite write lock held by another connection (${run.fault}), ${run.concurrency} ` +
      `concurrent clients | before the locks | ${counts(run.beforeLocks.statuses)} | | |`,
    `| | during the short lock (slowest answer ${(run.shortLock.maxLatencyMs / 1000).toFixed(1)} ` +
      `s) | ${counts(run.shortLock.statuses)} | | |`,
    `| | during the long lock (slowest answer ${(run.longLock.maxLatencyMs / 1000).toFixed(1)} s) | ${counts(run.longLock.statuses)} | | |`,
    `| | after the release | ${counts(run.afterRelease.statuses)} | | |`,
    `| | every 503 or unanswered request sent again with its key | ` +
      `${counts(run.resentAfter503.statuses)} | ${run.integrity.lost} | ${run.integrity.doubledOrUnknown} |`,
  ];
}

function parallelRows(postgres: PostgresRestartResult | null, sqlite: SqliteLockResult | null): string[] {
  return [
    ...(sqlite ? [["SQLite", sqlite.parallelAttempts] as const] : []),
    ...(postgres ? [["PostgreSQL", postgres.parallelAttempts] as const] : []),
  ].map(
    ([name, p]) =>
      `| ${name} | ${p.requests} | ${p.attemptLimit} | ${counts(p.statuses)} | ${p.stored} (attempts ${p.attempts.join(", ")}) |`,
  );
}

/** The outside review's attacks, as cells of a Markdown table: the attack, what it did before, what it does now, the tests. */
const ATTACKS: [string, string, string, string][] = [
  [
    "Sign up with the email of an account an instructor added by roster (as INSTRUCTOR), through this or another course's invite link",
    "the account and its role were the attacker's",
    "an invite only ever creates a new STUDENT account: the same answer as for a new email, nothing " +
      "changed; the owner claims the account with a single-use, expiring link staff make",
    "`test/e2e/sessions-and-accounts.spec.ts`",
  ],
  [
    "Reuse a saved session cookie after sign-out, a password change or a reset",
    "200 for 14 days",
    '401 "Your session has ended" from the API, a redirect to sign in from pages, `{}` from ' +
      "next-auth's session endpoint; on every instance (three on one PostgreSQL)",
    "`test/e2e/sessions-and-accounts.spec.ts`, `test/e2e/multi-instance.spec.ts`",
  ],
  [
    "Probe sign-up and the roster preview for which emails have accounts; sign up without limit",
    '"already exists"; "new account" against "add to course"; no limit',
    'one answer for known and new emails; "add" either way; sign-ups limited per network and per invite link',
    "`test/e2e/sessions-and-accounts.spec.ts`",
  ],
  [
    "40 wrong passwords at once, then the right one",
    "all 40 compared (17 over HTTP on two processes); the right one signed in",
    "exactly 5 compared; the rest and the right one refused by the lock",
    "`test/e2e/sign-in-race.spec.ts`, `test/lib/rate-limit/sign-in-race.test.ts`",
  ],
  [
    "After the due date (AFTER_DUE, 10 %/day, no cut-off), read `references` and submit them",
    "201, 0.9",
    "no references in the API or the page while credit can still be earned; a penalty of 100 % closes submissions",
    "`test/e2e/reveal-policy.spec.ts`",
  ],
  [
    "Read another part's answer from zero-init's plot, an option's feedback, a placeholder",
    "the plot ran part (d), feedback stated (a) and (b), placeholders were 2.1(a)",
    "plots held until their parts are settled; every text checked against the other parts' references on 50 seeds",
    "`test/e2e/reveal-policy.spec.ts`, `problems validate`",
  ],
  [
    "Validate a 2 KB authored document (a 100×100 variable, 30 chained products, 20 " +
      "known mistakes, 40 samples); open heavy authored problems as a student",
    "the request thread held for 40–70 s (`/api/health` took 68.6 s)",
    "refused in about 5 ms naming `parts[0].knownMistakes[0].expression`; the heaviest allowed document " +
      "validates off the request thread in about 4 s while `/api/health` answers in under 70 ms",
    "`test/e2e/authoring-availability.spec.ts`, `test/grader/authoring/cost.test.ts`",
  ],
  [
    "`/signin?callbackUrl=/%09/evil.example`, `%0a`, `%0d`, bad percent-encoding",
    "307 to `//evil.example`; 500",
    "every redirect stays on the site; no 500",
    "`test/e2e/open-redirect.spec.ts`",
  ],
  [
    'An answer nested 5,000 deep; `{"answers":{"__proto__":[1]}}`',
    "500; 201 with an attempt used",
    "400 naming the limit or the key; no attempt used",
    "`test/e2e/json-bodies.spec.ts`",
  ],
];

async function main() {
  ensureBuild();
  const fuzz = runJson("fuzz", bin("tsx"), [path.join("test", "fuzz", "grader.ts")]) as FuzzReport;
  const load = runJson("load", bin("tsx"), [
    "--conditions=react-server",
    path.join("scripts", "bench", "load.ts"),
    "--stages",
    "20,100",
    "--seconds",
    "5",
    "--students",
    "200",
    "--instances",
    "1",
    "--port",
    String(LOAD_PORT),
  ]) as LoadReport;
  console.error("reliability: fault injection …");
  const checks = await runChecks();
  const failedChecks = checks.checks.filter((check) => !check.ok);
  const lost = [
    ...load.results.map((r) => r.integrity.lost),
    checks.postgres?.integrity.lost ?? 0,
    checks.sqlite?.integrity.lost ?? 0,
  ].reduce((a, b) => a + b, 0);
  const doubled = [
    ...load.results.map((r) => r.integrity.doubledOrUnknown),
    checks.postgres?.integrity.doubledOrUnknown ?? 0,
    checks.sqlite?.integrity.doubledOrUnknown ?? 0,
  ].reduce((a, b) => a + b, 0);
  const answered = [
    ...load.results.map((r) => r.integrity.answered2xx),
    checks.postgres?.integrity.answered2xx ?? 0,
    checks.sqlite?.integrity.answered2xx ?? 0,
  ].reduce((a, b) => a + b, 0);
  const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");

  const fuzzed = `${fuzz.inputs.toLocaleString("en-US")}, ${fuzz.failures} failures (none may throw or cost over ${fuzz.limit.ratio}× the heaviest admitted answer, a ${fuzz.limit.heaviestAnswer}: ${fuzz.limit.heaviestMs} ms in that run)`;
  const loadHeld = load.results
    .map(
      (r) =>
        `${databaseName(r)}: ${Math.max(...r.stages.map((s) => s.submissionsPerSecond))} submissions/s ` +
        `at up to ${Math.max(...r.stages.map((s) => s.connections))} connections`,
    )
    .join("; ");
  const postgresFault = checks.postgres
    ? `while down ${counts(checks.postgres.whileDown.statuses)}; ` +
      `2xx again ${checks.postgres.secondsTo2xxAfterRestart} s after it was up`
    : "not run";
  const sqliteFault = checks.sqlite ? counts(checks.sqlite.longLock.statuses) : "not run";
  const no500 = checks.checks.filter((c) => c.name.includes("no 500")).every((c) => c.ok)
    ? "No 500 in either"
    : "**A 500 was answered** (see the checks)";
  const checksFigure =
    `${checks.checks.length - failedChecks.length} passed, ${failedChecks.length} failed` +
    (failedChecks.length ? `: ${failedChecks.map((c) => c.name).join("; ")}` : "");
  const markdown = `# Reliability

What the app does when things go wrong, measured. Every figure below comes
from one run of \`npm run reliability\` (test/reliability/run.ts), which
rewrites this file; CI runs the same fault and attempt-limit checks as
assertions on every change (\`test/reliability/check.ts\`, a step of
\`npm test\`).

- **Run:** ${date}
- **Machine:** ${machine()}

## Summary

| | figure |
| --- | --- |
| inputs fuzzed (expression parser, evaluator, every answer parser) | ${fuzzed} |
| load held (short run, see below) | ${loadHeld} |
| faults injected | PostgreSQL restart: ${postgresFault}. SQLite, during the long lock: ${sqliteFault}. ${no500} |
| submissions answered 2xx in these runs | ${answered.toLocaleString("en-US")} |
| **submissions lost** (answered 2xx, not in the database) | **${lost}** |
| submissions stored twice | ${doubled} |
| checks | ${checksFigure} |

## Load held

\`scripts/bench/load.ts --stages 20,100 --seconds 5 --students 200 --instances 1\`: students
submitting nn-backprop answers over HTTP to the production build, each
request its own Idempotency-Key; afterwards the database is compared with the
2xx answers. (BENCHMARKS.md has the full benchmark, up to 500 connections.)
The machine is shared with other work while this runs, so throughput and
latency here are a floor, not a capacity figure; lost and doubled are what
this table is for.

| database | app processes | connections | duration | submissions/s | latency p50 / p95 / p99 | non-2xx or errors | lost | doubled |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${loadRows(load).join("\n")}

## Faults injected

| fault | phase | answers | lost | doubled |
| --- | --- | --- | --- | --- |
${postgresRows(checks.postgres).join("\n")}
${sqliteRows(checks.sqlite).join("\n")}

What the app does:

- **Database unreachable (PostgreSQL down, restarting, connection cut):**
  every JSON route answers \`503\` with \`{ "error": { "code":
  "DATABASE_UNAVAILABLE", "message": "… Try again in 5 seconds." } }\` and
  \`Retry-After: 5\`, never a 500 (lib/db/database-unavailable.ts decides, on
  the real driver errors; lib/http/route.ts answers). A submission is one
  transaction, so a 503 stored nothing half; a client that sends it again
  with the same Idempotency-Key gets it stored exactly once.
- **PostgreSQL comes back:** the connection pool reconnects by itself. It
  needed one fix (lib/db/pg-pool.ts): Prisma 6.19 sends ROLLBACK on a
  transaction's connection before releasing it, so a connection that the
  server cut inside a transaction was never given back. Measured with
  node-postgres' own pool of 3: after three transactions lost their
  connection (pg_terminate_backend), the fourth waited for a connection
  forever. test/lib/db/database-unavailable.test.ts keeps it fixed.
- **SQLite locked by another connection:** better-sqlite3 waits up to 5 s
  (the busy timeout) on each statement, then the app retries the whole
  statement or transaction with back-off (lib/db/sqlite-busy-retry.ts: 3
  retries from 100 ms, none started 10 s after the first try); if the lock is
  still held, 503. better-sqlite3 is synchronous, so while a statement waits
  the whole server process waits: a long lock stalls every request, and a
  few connections may be reset by the server's keep-alive timer when it
  resumes (those requests were not stored; sent again with their keys, they
  are stored once). For several app processes writing at once, use
  PostgreSQL.

## 50 parallel submissions by one student

One student, an assessment with an attempt limit, 50 POSTs at once over real
HTTP against the production server (on the fault runs' servers, after the
fault):

| database | requests | attempt limit | answers | stored |
| --- | --- | --- | --- | --- |
${parallelRows(checks.postgres, checks.sqlite).join("\n")}

## Attacks tried (issue 18)

An outside review's attacks on the running app, each repeated by a test over
real HTTP or in Chromium that failed on the code it was found in. The rules
they check are in docs/security.md.

| attack | before | now | test |
| --- | --- | --- | --- |
${ATTACKS.map((cells) => `| ${cells.join(" | ")} |`).join("\n")}

## Every check of this run

| check | result | measured |
| --- | --- | --- |
${checks.checks.map((c) => `| ${c.name} | ${c.ok ? "pass" : "**FAIL**"} | \`${c.detail.replace(/\|/g, "\\|")}\` |`).join("\n")}
`;
  writeFileSync(path.join(ROOT, "RELIABILITY.md"), markdown);
  console.log(
    JSON.stringify(
      {
        date,
        fuzz: { inputs: fuzz.inputs, failures: fuzz.failures },
        load: load.results,
        faults: { postgres: checks.postgres, sqlite: checks.sqlite },
        lost,
        doubled,
        failedChecks,
      },
      null,
      2,
    ),
  );
  process.exit(fuzz.failures > 0 || failedChecks.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
