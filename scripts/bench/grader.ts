/**
 * Benchmark of answer grading:
 *
 * - matrix answers: gradeAnswer on a NumPy literal, at the handout's size
 *   for ∂y/∂W0 (h = 4, d = 2: a 4×2 matrix) and at 64×32;
 * - expression answers: gradeAnswer on the 2.1(d) answer
 *   (W1.T * z * (1 - z)) @ x.T against grad(y, W0), K = 8, h = 64, d = 32,
 *   with the part already compiled (as on a warm server), and the one-off
 *   compilation of the part (reference values by backward, known mistakes);
 * - adversarial inputs at the caps (long, deeply nested, costly, huge
 *   integers, huge pasted matrices): the worst time of each, to show that
 *   no input takes more than 50 ms.
 *
 *   npx tsx scripts/bench/grader.ts [--runs 2000]
 *
 * Prints one JSON object; times in milliseconds.
 */
import { cpus } from "node:os";
import { numericArgument } from "../../test/harness/arguments";
import { quantile, roundMs, sampleTimes } from "./timing";
import { compileCheck } from "../../grader/expr";
import {
  answerSpecSchema,
  expressionSpecSchema,
  gradeAnswer,
  type AnswerSpec,
  type GradeResult,
  type RawAnswer,
} from "../../grader/answers";

const argument = numericArgument;
const runs = argument("--runs", 2000);

const round = (ms: number) => roundMs(ms, 4);

function percentiles(step: () => void, timedRuns: number, warmupRuns = Math.min(200, timedRuns)) {
  const times = sampleTimes(step, warmupRuns, timedRuns);
  return {
    p50Ms: round(quantile(times, 0.5)),
    p99Ms: round(quantile(times, 0.99)),
    maxMs: round(times[times.length - 1]),
    runs: timedRuns,
  };
}

/**
 * The worst of `repeats` runs, the first (cold) one included: what one
 * hostile submission can cost; with how it was graded, to show which caps
 * refused it and which let it through to evaluation.
 */
function worst(step: () => GradeResult, repeats = 20): { worstMs: number; outcome: string } {
  let max = 0;
  let outcome = "";
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const result = step();
    max = Math.max(max, performance.now() - start);
    outcome = result.status === "invalid" ? `invalid: ${result.error.exprCode ?? result.error.code}` : `graded: score ${result.score}`;
  }
  return { worstMs: round(max), outcome };
}

function expectScore(spec: AnswerSpec, raw: RawAnswer, reference: unknown, score: number): void {
  const result = gradeAnswer(spec, raw, reference as never);
  if (result.score !== score) throw new Error(`benchmark input graded ${JSON.stringify(result)} instead of score ${score}`);
}

// ------------------------------------------------------------------ matrix answers
const matrixSpec = answerSpecSchema.parse({ kind: "matrix", partialCredit: true });
function randomMatrix(rows: number, cols: number): number[][] {
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(next() * 1e6) / 1e6));
}
const numpyLiteral = (matrix: number[][]) => `np.array([${matrix.map((row) => `[${row.join(", ")}]`).join(",\n ")}])`;
const small = randomMatrix(4, 2);
const large = randomMatrix(64, 32);
expectScore(matrixSpec, numpyLiteral(small), small, 1);
expectScore(matrixSpec, numpyLiteral(large), large, 1);
const matrix4x2 = percentiles(() => gradeAnswer(matrixSpec, numpyLiteral(small), small), runs);
const matrix64x32 = percentiles(() => gradeAnswer(matrixSpec, numpyLiteral(large), large), Math.max(200, runs / 10));

// ------------------------------------------------------------------ expression answers
const nnContext = {
  dimensions: { d: { min: 32, max: 32 }, h: { min: 64, max: 64 } },
  variables: { W0: { shape: ["h", "d"] }, b0: { shape: ["h"] }, W1: { shape: [1, "h"] }, b1: { shape: [] }, x: { shape: ["d"] } },
  definitions: { z: "sigmoid(W0 @ x + b0)", y: "W1 @ z + b1" },
};
const expressionSpec = expressionSpecSchema.parse({
  kind: "expression",
  context: nnContext,
  knownMistakes: [{ expression: "(W1.T * z) @ x.T", message: "σ' is missing" }],
});
const answer = "(W1.T * z * (1 - z)) @ x.T";
expectScore(expressionSpec, answer, "grad(y, W0)", 1);
const expressionWarm = percentiles(() => gradeAnswer(expressionSpec, answer, "grad(y, W0)"), Math.max(200, runs / 4));
const { kind: _kind, ...checkOptions } = expressionSpec;
const expressionCompile = percentiles(() => compileCheck(checkOptions, "grad(y, W0)"), 100, 10);

// ------------------------------------------------------------------ adversarial inputs at the caps
const integerSpec = answerSpecSchema.parse({ kind: "integer" });
const shapeSpec = answerSpecSchema.parse({ kind: "shape", symbols: ["N"] });
/** The largest n for which `make(n)` is not refused as too costly (the cap's edge, found by bisection). */
function largestAccepted(make: (n: number) => string, high: number): number {
  let low = 0;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const result = gradeAnswer(expressionSpec, make(middle), "grad(y, W0)");
    if (result.status === "invalid" && result.error.exprCode === "TOO_COSTLY") high = middle - 1;
    else low = middle;
  }
  return low;
}
const costliestChain = largestAccepted((n) => "eye(h) @ ".repeat(n) + "W0", 50);
const costliestTanh = largestAccepted((n) => "tanh(W0) + ".repeat(n) + "W0", 45);
const adversarial: Record<string, () => GradeResult> = {
  // 500 characters (the length cap) of a 250-node sum of 64×32 matrices: the size cap.
  "expression: 33-term sum of products at the length cap": () =>
    gradeAnswer(expressionSpec, ("W0 @ x @ x.T + ".repeat(33) + "W0").slice(0, 500), "grad(y, W0)"),
  "expression: 501 characters (refused)": () => gradeAnswer(expressionSpec, "x".repeat(501), "grad(y, W0)"),
  "expression: 39 nested tanh on h×d (over the cost cap)": () =>
    gradeAnswer(expressionSpec, "tanh(".repeat(39) + "W0" + ")".repeat(39), "grad(y, W0)"),
  "expression: nesting past the depth cap (refused)": () =>
    gradeAnswer(expressionSpec, "(".repeat(200) + "W0" + ")".repeat(200), "grad(y, W0)"),
  "expression: prefix minus chain past the cap (refused)": () => gradeAnswer(expressionSpec, "-".repeat(450) + "W0", "grad(y, W0)"),
  // 64×64×64 products: as many as the cost cap lets through, evaluated on all 8 instances.
  "expression: costliest product chain accepted (eye(h) @ …)": () =>
    gradeAnswer(expressionSpec, "eye(h) @ ".repeat(costliestChain) + "W0", "grad(y, W0)"),
  // tanh on h×d, as many as fit under the cost cap: the slowest elementwise function, many times over.
  "expression: costliest tanh sum accepted": () => gradeAnswer(expressionSpec, "tanh(W0) + ".repeat(costliestTanh) + "W0", "grad(y, W0)"),
  "expression: over the cost cap (refused before evaluating)": () =>
    gradeAnswer(expressionSpec, "eye(h) @ ".repeat(40) + "W0", "grad(y, W0)"),
  "expression: power tower folded at parse": () => gradeAnswer(expressionSpec, "W0 ** 9 ** 9 ** 9", "grad(y, W0)"),
  "integer: 2**4096 - 1, at the bit cap": () => gradeAnswer(integerSpec, "2**4095 + (2**4095 - 1)", 1),
  "integer: 300 characters of products": () => gradeAnswer(integerSpec, "99999*".repeat(50).slice(0, 299), 1),
  "integer: power past the bit cap (refused)": () => gradeAnswer(integerSpec, "9**9**9", 1),
  "matrix: 192k-character paste (24k entries)": () => gradeAnswer(matrixSpec, "[" + "1.2345, ".repeat(24_000) + "1]", [[1]]),
  "matrix: 200k characters past the cap (refused)": () => gradeAnswer(matrixSpec, "[" + "1.2345, ".repeat(25_000) + "1]", [[1]]),
  "matrix: keyword-like text after the list": () => gradeAnswer(matrixSpec, "np.array([1]" + ", a=".repeat(45_000) + "])", [[1]]),
  "matrix: 200 nested lists (depth cap)": () => gradeAnswer(matrixSpec, "[".repeat(200) + "1" + "]".repeat(200), [[1]]),
  "shape: 500 characters": () => gradeAnswer(shapeSpec, "(" + "N, ".repeat(165) + "1)", ["N", 1]),
};
const worstCase = Object.fromEntries(Object.entries(adversarial).map(([name, step]) => [name, worst(step)]));
const worstMs = Math.max(...Object.values(worstCase).map((entry) => entry.worstMs));

console.log(
  JSON.stringify(
    {
      benchmark: "grader",
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version },
      matrixGrading: { "4x2 (handout's dW0), NumPy literal": matrix4x2, "64x32, NumPy literal": matrix64x32, targetP50Ms: 0.2 },
      expressionGrading: {
        "2.1(d) answer, K=8, h=64, d=32 (part compiled)": expressionWarm,
        "part compilation (reference by backward + known mistake), once per part": expressionCompile,
        targetP99Ms: 5,
      },
      adversarialWorstMs: worstCase,
      costCapEdge: { "eye(h) @ products": costliestChain, "tanh(W0) terms": costliestTanh },
      adversarialWorstOverallMs: worstMs,
      adversarialTargetMs: 50,
      withinTargets: matrix4x2.p50Ms <= 0.2 && expressionWarm.p99Ms <= 5 && worstMs <= 50,
    },
    null,
    2,
  ),
);
