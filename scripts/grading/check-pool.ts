/**
 * Grades through the process's grading pool (lib/grading/grade-off-thread.ts,
 * the module the submission route calls) and inline, and checks that they
 * agree: every Section 07 problem and the authored example, seeds 0 to 9,
 * with each part's sample right answer and then its sample wrong answer.
 * A proof that needs no route, no database and no build:
 *
 *   npx tsx --conditions=react-server scripts/grading/check-pool.ts
 *
 * (--conditions=react-server: the module imports "server-only", as the app's
 * server code does.) Prints the pool's start line (as the server logs it),
 * then one JSON object; exits 1 on any disagreement.
 */
import { isDeepStrictEqual } from "node:util";
import { BANK } from "../../grader/bank";
import { exportDocument, type ProblemDocumentInput } from "../../grader/authoring";
import { buildVariant, gradeSubmission, type Answers, type AnyProblem } from "../../grader/problems";
import twoLayerTanh from "../../grader/bank/examples/two-layer-tanh.json";
import { closeGradingPool, gradeOffThread } from "../../lib/grading/grade-off-thread";
import type { ProblemRow } from "../../grader/problems/stored";

const SEEDS = Array.from({ length: 10 }, (_, seed) => seed);

function rowsToCheck(): { row: ProblemRow; problem: AnyProblem }[] {
  const bank = BANK.filter((entry) => entry.set === "section-07").map(({ problem }) => ({
    problem,
    row: { id: `bank:${problem.slug}`, slug: problem.slug, version: problem.version, source: "BANK" as const, definition: null },
  }));
  const authored = BANK.find((entry) => entry.problem.slug === "two-layer-tanh")!.problem;
  const documentText = exportDocument(twoLayerTanh as ProblemDocumentInput, "json");
  return [...bank, { problem: authored, row: { id: "authored:two-layer-tanh", slug: "two-layer-tanh", version: 1, source: "AUTHORED", definition: { documentText } } }];
}

function sampleAnswers(problem: AnyProblem, seed: number, which: "correct" | "wrong"): Answers {
  const { params } = buildVariant(problem, seed);
  return Object.fromEntries(
    problem.parts.flatMap((part) => {
      const sample = part.examples(params)[which][0];
      return sample === undefined ? [] : [[part.id, sample as Answers[string]]];
    }),
  );
}

async function main() {
  const started = performance.now();
  const disagreements: { slug: string; seed: number; which: string }[] = [];
  let gradings = 0;
  for (const { row, problem } of rowsToCheck()) {
    for (const seed of SEEDS) {
      for (const which of ["correct", "wrong"] as const) {
        const answers = sampleAnswers(problem, seed, which);
        const pooled = await gradeOffThread({ problem: row, seed, answers });
        gradings++;
        if (!isDeepStrictEqual(pooled, gradeSubmission(buildVariant(problem, seed), answers))) disagreements.push({ slug: row.slug, seed, which });
      }
    }
  }
  await closeGradingPool();
  console.log(JSON.stringify({ ok: disagreements.length === 0, gradings, disagreements, ms: Math.round(performance.now() - started) }, null, 2));
  if (disagreements.length > 0) process.exit(1);
}

main().catch(async (error) => {
  console.error(error);
  await closeGradingPool();
  process.exit(1);
});
