/**
 * CPU per grading of the load's nn-backprop submission (scripts/bench/load.ts,
 * submission-path.ts), inline in this thread, warm: every variant built and
 * every part compiled first, as on a server that has been grading a while.
 *
 *   npx tsx scripts/bench/grading-cpu.ts [--runs 3000] [--rounds 5] [--compare /path/to/other/worktree]
 *
 * Under tsx, as the grading worker threads run the grader (grading-worker.mjs),
 * so tsx's transform costs count as they do there. With --compare, the
 * grader of another checkout (a worktree at the base commit) is loaded into
 * this process beside this one's, and the two take turns, a block of runs
 * each, round after round: only ratios measured in one run are compared on
 * a shared machine. Prints JSON; CPU is this process's user + system time.
 */
import path from "node:path";
import { numericArgument, optionalTextArgument } from "../../test/harness/arguments";
import { machineFacts, roundMs } from "./timing";

const ANSWERS = { "d.dW0": "(W1.T * z * (1 - z)) @ x.T", "d.db0": "W1.T * z * (1 - z)", "a.y": "W1 @ z + b1", "b.db1": "1" };
const SEEDS = Array.from({ length: 50 }, (_, i) => i + 1);

type GradeOnce = (seed: number) => unknown;

/** The grader of the checkout at `root`, as one function: grade the load's answers on a seed's variant. */
async function graderAt(root: string): Promise<GradeOnce> {
  const problems = (await import(path.join(root, "grader/problems/index.ts"))) as typeof import("../../grader/problems");
  const stored = (await import(path.join(root, "grader/stored/index.ts"))) as typeof import("../../grader/stored");
  const bank = (await import(path.join(root, "grader/bank/index.ts"))) as typeof import("../../grader/bank");
  const problem = bank.findBankProblem("nn-backprop");
  if (!problem) throw new Error(`no nn-backprop in ${root}`);
  const row = { id: "bench", slug: "nn-backprop", version: problem.version, source: "BANK" as const, definition: null };
  return (seed) => problems.gradeSubmission(stored.variantFromStored(row, seed), ANSWERS);
}

/** CPU and wall ms per grading over `runs` gradings. */
function turn(grade: GradeOnce, runs: number): { cpuMs: number; wallMs: number } {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < runs; i++) grade(SEEDS[i % SEEDS.length]);
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / runs, wallMs: wall / runs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const runs = numericArgument("--runs", 3000);
  const rounds = numericArgument("--rounds", 5);
  const compare = optionalTextArgument("--compare");
  const sides: Record<string, GradeOnce> = { this: await graderAt(path.resolve(".")) };
  if (compare) sides.compared = await graderAt(path.resolve(compare));
  // The two graders must give the same grades, to the last field, before any timing.
  for (const seed of SEEDS) {
    const grades = Object.values(sides).map((grade) => JSON.stringify(grade(seed)));
    if (grades.some((grade) => grade !== grades[0])) throw new Error(`the two graders grade seed ${seed} differently`);
  }
  const turns: Record<string, { cpuMs: number; wallMs: number }[]> = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, grade] of Object.entries(sides)) turns[name].push(turn(grade, runs));
  }
  const summary = Object.fromEntries(
    Object.entries(turns).map(([name, list]) => [
      name,
      {
        cpuMsPerGrading: roundMs(median(list.map((t) => t.cpuMs)), 4),
        wallMsPerGrading: roundMs(median(list.map((t) => t.wallMs)), 4),
        cpuMsPerRound: list.map((t) => roundMs(t.cpuMs, 4)),
      },
    ]),
  );
  const ratios = compare
    ? {
        cpuThisOverCompared: roundMs(summary.this.cpuMsPerGrading / summary.compared.cpuMsPerGrading, 3),
        cpuRatioPerRound: turns.this.map((t, i) => roundMs(t.cpuMs / turns.compared[i].cpuMs, 3)),
        wallThisOverCompared: roundMs(summary.this.wallMsPerGrading / summary.compared.wallMsPerGrading, 3),
      }
    : {};
  console.log(
    JSON.stringify(
      {
        benchmark: "CPU per grading, nn-backprop load answers, inline under tsx (medians of alternated rounds)",
        date: new Date().toISOString(),
        ...machineFacts(),
        runs,
        rounds,
        ...(compare ? { compared: path.resolve(compare) } : {}),
        ...summary,
        ...ratios,
      },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
