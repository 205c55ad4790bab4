/**
 * Benchmark of what a problem document costs the server (issue 18): for the
 * issue's 2 KB document, its variants, and the heaviest documents the
 * limits allow, the old estimate (the costliest single expression, all the
 * compiler used to check), the new estimate by stage
 * (grader/authoring/cost.ts), the work the engine really did (counted
 * multiply-adds and entries, in the same units: grader/expr/cost.ts
 * workCost), and the wall time on this machine. Documents over the caps are
 * compiled with the caps lifted, to measure them.
 *
 *   npx tsx scripts/bench/authoring-cost.ts [--seeds 3]
 *
 * Prints one JSON object; costs in cost units (about a nanosecond each),
 * times in milliseconds.
 */
import { cpus } from "node:os";
import { numericArgument } from "../../test/harness/arguments";
import { compileDocument, type DocumentProblem, type ProblemDocumentInput } from "../../grader/authoring";
import { validationCost } from "../../grader/authoring/cost";
import { measureWork } from "../../grader/autograd";
import { evaluationCost } from "../../grader/expr";
import { workCost } from "../../grader/expr/cost";
import { buildVariant, validateProblem } from "../../grader/problems";
import { heaviestAllowedChain, matmulChainDocument } from "../../test/support/heavy-documents";
import twoLayerTanh from "../../grader/bank/examples/two-layer-tanh.json";
import { analyzeExpression } from "../../grader/expr";
import { problemEnvironment } from "../../grader/authoring/environment";
import { parseDocument } from "../../grader/authoring/parse";
import { dimensionBounds } from "../../grader/authoring/draw";

const seeds = numericArgument("--seeds", 3);
const LIFTED = { compile: Infinity, variant: Infinity, seed: Infinity };

/** What the compiler checked before issue 18: each expression alone, at the largest sizes. */
function oldEstimate(input: ProblemDocumentInput): number {
  const document = parseDocument(input);
  const environment = problemEnvironment(document);
  const largest = Object.fromEntries(Object.entries(document.dimensions).map(([name, dimension]) => [name, dimensionBounds(dimension).max]));
  const expressions = document.parts.flatMap((part) => [
    typeof part.reference === "string" ? part.reference : null,
    ...part.knownMistakes.map((mistake) => mistake.expression ?? null),
    ...[...part.samples.correct, ...part.samples.wrong].map((sample) => (typeof sample === "object" && sample && !Array.isArray(sample) ? sample.expression : typeof sample === "string" ? sample : null)),
  ]);
  return Math.max(
    0,
    ...expressions.map((source) => {
      if (source === null) return 0;
      const analysis = analyzeExpression(source, environment, { allowGrad: true });
      return analysis.ok ? evaluationCost(analysis.typed, environment, largest) : 0;
    }),
  );
}

function allowed(input: ProblemDocumentInput): boolean {
  try {
    compileDocument(input);
    return true;
  } catch {
    return false;
  }
}

function timed<T>(run: () => T): { result: T; ms: number; work: number } {
  const started = performance.now();
  const { result, work } = measureWork(run);
  return { result, ms: Math.round((performance.now() - started) * 10) / 10, work: workCost(work) };
}

function row(name: string, input: ProblemDocumentInput) {
  const compiled = timed(() => compileDocument(input, { costCaps: LIFTED }));
  const problem: DocumentProblem = compiled.result;
  const variant = timed(() => buildVariant(problem, 1));
  const validation = timed(() => validateProblem(problem, seeds));
  return {
    name,
    textLength: JSON.stringify(input).length,
    allowedNow: allowed(input),
    oldEstimate: oldEstimate(input),
    estimate: { compile: problem.cost.compile, variant: problem.cost.variant, validation: validationCost(problem.cost, seeds) },
    measuredWork: { compile: compiled.work, variant: variant.work, validation: validation.work },
    ms: { compile: compiled.ms, variant: variant.ms, validation: validation.ms, validationOf50SeedsProjected: Math.round((validation.ms / seeds) * 50) },
  };
}

const documents: [string, ProblemDocumentInput][] = [
  ["two-layer tanh example", twoLayerTanh as ProblemDocumentInput],
  ["issue 18: 100×100, 30 products, 20 mistakes, 40 samples (2 KB)", matmulChainDocument()],
  ["issue 18, written into the statement 80 times", matmulChainDocument({ slug: "s", statementPlaceholders: 80 })],
  ["issue 18 as an expression part (K = 8)", matmulChainDocument({ slug: "e", kind: "expression" })],
  ["heaviest allowed: 30×30, 20 mistakes, 40 samples", heaviestAllowedChain(compileDocument, { size: 30 })],
  ["heaviest allowed: 20×20 long chain", heaviestAllowedChain(compileDocument, { size: 20, knownMistakes: 0, samples: 2 })],
];

console.log(
  JSON.stringify(
    { date: new Date().toISOString(), machine: `${cpus().length}× ${cpus()[0]?.model ?? "unknown"}`, node: process.version, seeds, documents: documents.map(([name, input]) => row(name, input)) },
    null,
    2,
  ),
);
