/**
 * `npm run bench [-- --only engine,load]`: every benchmark in turn, each
 * report kept whole in .tmp/bench/<name>.json, then one JSON on stdout with
 * issue 24's ratios beside their targets (ratio-summary.ts) and where the
 * full reports are. The benchmarks' own progress goes to stderr.
 *
 * The production build runs before the benchmarks that start `next start`,
 * with its output sent to stderr so that stdout stays one JSON document.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { optionalTextArgument } from "../../test/harness/arguments";
import { summarizeRatios, type BenchReports } from "./ratio-summary";

const ROOT = path.resolve(__dirname, "../..");
const OUT = path.join(ROOT, ".tmp/bench");
const BIN = path.join(ROOT, "node_modules/.bin");

interface Bench {
  name: string;
  /** Script under scripts/bench/. */
  script: string;
  /** Imports server modules (React Server Components' export conditions). */
  server?: boolean;
  /** Starts `next start`, so needs the production build. */
  needsBuild?: boolean;
}

const BENCHES: Bench[] = [
  { name: "engine", script: "engine.ts" },
  { name: "transformer", script: "transformer-layer.ts" },
  { name: "grader", script: "grader.ts" },
  { name: "gradebook", script: "gradebook.ts", server: true },
  { name: "load", script: "load.ts", server: true, needsBuild: true },
  { name: "problem-page", script: "problem-page.ts", server: true, needsBuild: true },
  { name: "page-weight", script: "page-weight.ts", server: true, needsBuild: true },
];

const onlyText = optionalTextArgument("--only");
const only = onlyText?.split(",");
const chosen = only ? BENCHES.filter((bench) => only.includes(bench.name)) : BENCHES;
if (only && chosen.length !== only.length) {
  const known = BENCHES.map((bench) => bench.name).join(", ");
  throw new Error(`--only names a benchmark that does not exist: ${only.join(", ")} (known: ${known})`);
}

/** Runs a command with stdout captured and stderr shown; null stdout when it failed. */
function run(command: string, args: string[], stdout: "pipe" | "stderr"): string | null {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: ["ignore", stdout === "pipe" ? "pipe" : process.stderr, "inherit"],
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) return null;
  return stdout === "pipe" ? result.stdout : "";
}

function main() {
  mkdirSync(OUT, { recursive: true });
  const reports: Record<string, unknown> = {};
  const failed: string[] = [];
  if (chosen.some((bench) => bench.needsBuild) && run(path.join(BIN, "next"), ["build"], "stderr") === null) {
    throw new Error("next build failed: the benchmarks that start the app were not run");
  }
  for (const bench of chosen) {
    process.stderr.write(`\n== bench ${bench.name} ==\n`);
    const args = [...(bench.server ? ["--conditions=react-server"] : []), path.join(__dirname, bench.script)];
    const stdout = run(path.join(BIN, "tsx"), args, "pipe");
    if (stdout === null) {
      failed.push(bench.name);
      continue;
    }
    writeFileSync(path.join(OUT, `${bench.name}.json`), stdout);
    try {
      reports[bench.name] = JSON.parse(stdout);
    } catch {
      failed.push(bench.name);
    }
  }
  const summary = summarizeRatios(reports as BenchReports);
  const report = {
    benchmark: "npm run bench: issue 24's ratios, each measured against its comparison in the same run",
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, loadAverage1m: os.loadavg()[0] },
    met: summary.met && failed.length === 0,
    ratios: summary.lines,
    failed,
    reports: Object.fromEntries(Object.keys(reports).map((name) => [name, path.relative(ROOT, path.join(OUT, `${name}.json`))])),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

main();
