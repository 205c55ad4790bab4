// `npm test`: the whole suite, in order: type check, lint and format, the problem bank's
// validation, the grader's fuzz test, jest (unit, data layer on
// SQLite and, when TEST_DATABASE_URL_POSTGRES names one, PostgreSQL), then the
// browser tests in Debian's Chromium, then the reliability checks on their
// production build (test/reliability/check.ts). Prints what it skipped and why, and
// closes with one "N passed, N failed" line. Exits non-zero on any failure.
//
// Every check it runs lives under test/, except `problems validate`: that is
// the instructors' command line (scripts/problems), run here as they run it.
//
// CHAINRULE_REQUIRE_ALL=1 (set by .ci/run) turns every skip into a failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const requireAll = process.env.CHAINRULE_REQUIRE_ALL === "1";
// Plain Node runs this file, so it cannot import test/harness/chromium.ts: keep the two defaults alike.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const reports = path.join(root, ".tmp");
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const skips = [];
const failures = [];

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${path.basename(command)} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) failures.push(`${name} (exit ${result.status ?? result.signal})`);
  return result.status === 0;
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

/** Playwright's skipped tests (from its JSON report), counted per project and reason: each reason is one skip in the summary. */
function browserSkips(report) {
  const counts = new Map();
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests.filter((t) => t.status === "skipped")) {
        const annotations = [...(test.annotations ?? []), ...test.results.flatMap((result) => result.annotations ?? [])];
        const reason = annotations.find((annotation) => annotation.type === "skip")?.description || "no reason given";
        const key = `[${test.projectName}] ${reason}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    (suite.suites ?? []).forEach(visit);
  };
  report.suites.forEach(visit);
  return [...counts].map(([key, count]) => `browser tests: ${count} skipped ${key}`);
}

// 1. Types: the whole project, tests included.
if (step("typecheck", bin("tsc"), ["--noEmit", "-p", "."])) totals.passed += 1;
else totals.failed += 1;

// 1b. Lint (ESLint, warnings fail too) and format (Prettier): a style slip fails the run like a type error.
if (step("lint", bin("eslint"), [".", "--max-warnings=0"])) totals.passed += 1;
else totals.failed += 1;
if (step("format", bin("prettier"), ["--check", "."])) totals.passed += 1;
else totals.failed += 1;

// 2. The problem bank: every problem on 50 seeds (`npm run problems -- validate`).
if (step("problems validate", bin("tsx"), [path.join("scripts", "problems", "cli.ts"), "validate"])) totals.passed += 1;
else totals.failed += 1;

// 3. The grader's fuzz test: 100,000 random and adversarial inputs; none may throw or cost over 3× the heaviest admitted answer.
if (step("fuzz", bin("tsx"), [path.join("test", "fuzz", "grader.ts")])) totals.passed += 1;
else totals.failed += 1;

// 4. Jest.
if (!process.env.TEST_DATABASE_URL_POSTGRES) {
  skips.push("PostgreSQL data-layer tests: TEST_DATABASE_URL_POSTGRES is not set (e.g. postgresql://postgres@127.0.0.1:5432/test)");
}
const jestReport = path.join(reports, "jest-report.json");
rmSync(jestReport, { force: true });
step("jest", bin("jest"), ["--json", `--outputFile=${jestReport}`]);
const jest = readJson(jestReport);
if (jest) {
  totals.passed += jest.numPassedTests;
  totals.failed += jest.numFailedTests;
  totals.skipped += jest.numPendingTests + jest.numTodoTests;
} else {
  totals.failed += 1;
}

// 5. Browser tests.
if (existsSync(chromium)) {
  const e2eReport = path.join(reports, "e2e-report.json");
  rmSync(e2eReport, { force: true });
  step("browser tests", bin("playwright"), ["test"]);
  const e2e = readJson(e2eReport);
  if (e2e) {
    totals.passed += e2e.stats.expected;
    totals.failed += e2e.stats.unexpected + e2e.stats.flaky;
    totals.skipped += e2e.stats.skipped;
    // A skipped browser test (the postgresql project without TEST_DATABASE_URL_POSTGRES, say) is a part that did not run.
    skips.push(...browserSkips(e2e));
  } else {
    totals.failed += 1;
  }
} else {
  skips.push(`browser tests: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

// 6. Reliability, as assertions on the production build the browser tests made: PostgreSQL
// restarted and SQLite locked in the middle of a rush of submissions (503, never 500; nothing
// lost or doubled), and 50 parallel submissions by one student against an attempt limit.
const reliabilityReport = path.join(reports, "reliability-checks.json");
rmSync(reliabilityReport, { force: true });
if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) step("build for reliability", bin("next"), ["build"]);
step("reliability", bin("tsx"), ["--conditions=react-server", path.join("test", "reliability", "check.ts"), "--json", reliabilityReport]);
const reliability = readJson(reliabilityReport);
if (reliability) {
  totals.passed += reliability.checks.filter((check) => check.ok).length;
  totals.failed += reliability.checks.filter((check) => !check.ok).length;
} else {
  totals.failed += 1;
}

console.log("\n=== summary");
for (const skip of skips) console.log(`skipped: ${skip}`);
for (const failure of failures) console.log(`failed: ${failure}`);
if (requireAll && skips.length > 0) {
  console.log("CHAINRULE_REQUIRE_ALL=1: every part of the suite must run, so the skips above count as failures.");
  totals.failed += skips.length;
}
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 || failures.length > 0 ? 1 : 0);
