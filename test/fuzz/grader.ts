/**
 * `npm run fuzz`: the expression parser, the evaluator and every answer
 * parser on at least 100,000 random and adversarial inputs (fast-check,
 * fixed seed, so a failure reproduces). Nothing may throw: every bad input
 * must come back as a located error or an "invalid" grade. No input may cost
 * over 3× the heaviest answer the caps admit (a 200×200 matrix graded in
 * full), timed in the same run: a ratio, because these machines' speed varies
 * 3×, and an input past it is a blow-up the caps missed. An input over the
 * limit is timed twice more and the fastest run counts, so that a
 * garbage-collection pause is not taken for a slow input.
 * Prints JSON and exits 1 on any failure. `--scale 0.1` runs a tenth.
 */
import fc from "fast-check";
import { performance } from "node:perf_hooks";
import { answerSpecSchema, gradeAnswer, parseAnswer, type AnswerSpec, type RawAnswer } from "../../grader/answers";
import { analyzeExpression, compileEnvironment, type ExpressionContextInput } from "../../grader/expr";
import { numericArgument } from "../harness/arguments";

const SEED = 20261126;
/** No input may cost more than this many times the heaviest admitted answer (HEAVIEST_ANSWER). */
const LIMIT_RATIO = 3;
const scale = numericArgument("--scale", 1);

const NETWORK: ExpressionContextInput = {
  dimensions: { d: { min: 2, max: 7 }, h: { min: 2, max: 7 } },
  variables: { W0: { shape: ["h", "d"] }, b0: { shape: ["h", 1] }, W1: { shape: [1, "h"] }, b1: { shape: [] }, x: { shape: ["d", 1] } },
  definitions: { z: "sigmoid(W0 @ x + b0)", y: "W1 @ z + b1" },
};

// ---- generators ------------------------------------------------------------
const LANGUAGE = [
  ..."()+-*/@^'.,T ezxW01σ∘⊙·−2e5_$[]{}\\\n\t",
  "**",
  ".T",
  ".*",
  "^T",
  "sigmoid",
  "tanh",
  "diag",
  "outer",
  "trace",
  "sum",
  "grad",
  "ones(h, 1)",
  "eye(d)",
  "W0",
  "W1",
  "b0",
  "b1",
  "x",
  "z",
  "y",
  "h",
  "d",
  "1e308",
  "-0",
];
const languageText = fc.array(fc.constantFrom(...LANGUAGE), { maxLength: 60 }).map((parts) => parts.join(""));
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 120 }), fc.string({ unit: "grapheme", maxLength: 60 }), languageText);

/** Grammar-shaped expressions over the network's names: many type-check and reach the evaluator. */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("W0", "W1", "b0", "b1", "x", "z", "y", "1", "2.5", "ones(h, 1)", "eye(h)", "W1.T", "x.T", "z.T"),
    fc.tuple(tie("e"), fc.constantFrom(" + ", " - ", " * ", " / ", " @ "), tie("e")).map(([a, op, b]) => `(${a}${op}${b})`),
    fc
      .tuple(fc.constantFrom("sigmoid", "tanh", "relu", "exp", "abs", "sum", "mean", "diag", "trace", "sqrt", "log"), tie("e"))
      .map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie("e"), fc.constantFrom(".T", " ** 2", "^T", "'")).map(([a, suffix]) => `(${a})${suffix}`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `outer(${a}, ${b})`),
  ),
})).e;

/** Inputs at and past the caps: long, deep, costly, huge numbers. */
const adversarialExpression = fc.oneof(
  fc.integer({ min: 1, max: 600 }).map((n) => "(".repeat(n) + "z" + ")".repeat(n)),
  fc.integer({ min: 1, max: 300 }).map((n) => Array.from({ length: n }, () => "W0 @ x").join(" + ")),
  fc.integer({ min: 1, max: 120 }).map((n) => "tanh(".repeat(n) + "W0" + ")".repeat(n)),
  fc.integer({ min: 1, max: 80 }).map((n) => Array.from({ length: n }, () => "eye(h)").join(" @ ") + " @ z"),
  fc.integer({ min: 1, max: 500 }).map((n) => "-".repeat(n) + "x"),
  fc.constantFrom("W0 ** 9 ** 9 ** 9", "z ** 1e308", "exp(exp(exp(z)))", "log(0 * z)", "z / 0", "1e999 * z", "sqrt(-z)"),
  fc.string({ minLength: 400, maxLength: 700 }),
);

const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.MAX_VALUE, -0, 5e-324));
const rawText = fc.oneof(
  anyText,
  fc.constantFrom(
    "1,180,224",
    "1.180224e6",
    "2**4096",
    "9**9**9",
    "np.array([[1, 2], [3, 4]])",
    "[1 2; 3 4]",
    "\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}",
    "(N, 16, 64, 64)",
    "m × ℓ",
    "n x pq",
    "a, b",
    "8.05371904 × 10^8",
    "8.05371904·10⁸",
    "448.0",
    "[1/2, -3/4]",
    "1/2 3/4; 1/4 -1",
    "[[2^-3, 1.5×10^-3]]",
  ),
  fc.integer({ min: 1, max: 40_000 }).map((n) => "9".repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `[${"1, ".repeat(n)}1]`),
  fc.integer({ min: 1, max: 2_000 }).map((n) => "[".repeat(n) + "1" + "]".repeat(n)),
  fc.integer({ min: 1, max: 3_000 }).map((n) => `(${"N, ".repeat(n)}1)`),
);
const rawAnswer: fc.Arbitrary<RawAnswer> = fc.oneof(
  rawText,
  number,
  fc.array(fc.oneof(number, anyText), { maxLength: 8 }),
  fc.array(fc.array(fc.oneof(number, anyText), { maxLength: 8 }), { maxLength: 8 }),
  fc.integer({ min: 1, max: 300 }).map((n) => Array.from({ length: n }, () => Array.from({ length: n }, () => 1))),
);

// ---- targets -----------------------------------------------------------------
interface Target {
  name: string;
  runs: number;
  inputs: fc.Arbitrary<unknown>;
  run: (input: never) => void;
}

const environment = compileEnvironment(NETWORK);
const specOf = (input: unknown): AnswerSpec => answerSpecSchema.parse(input);
const ANSWER_KINDS: [string, AnswerSpec, unknown][] = [
  ["number", specOf({ kind: "number" }), 0.5],
  ["integer", specOf({ kind: "integer" }), 1180224],
  [
    "matrix",
    specOf({ kind: "matrix" }),
    [
      [1, 2],
      [3, 4],
    ],
  ],
  [
    "matrix (2 decimals, named shape)",
    specOf({ kind: "matrix", tolerance: { type: "decimals", digits: 2 }, shapeName: "h×1" }),
    [[0.5], [0.25]],
  ],
  ["shape", specOf({ kind: "shape", symbols: ["N"] }), ["N", 16, 64, 64]],
  ["dimensions", specOf({ kind: "dimensions", symbols: ["m", "n", "l", "p", "q"] }), ["n", "p*q"]],
  [
    "choice",
    specOf({
      kind: "choice",
      multiple: true,
      options: [
        { id: "a", text: "A" },
        { id: "b", text: "B" },
        { id: "c", text: "C" },
      ],
    }),
    ["a", "b"],
  ],
  ["expression", specOf({ kind: "expression", context: NETWORK }), "grad(y, W0)"],
];

/** How many inputs got past parsing and shape checks to a graded result, per target: the evaluator must be reached, not just the parser. */
const graded = new Map<string, number>();

function mustGrade(target: string, spec: AnswerSpec, raw: RawAnswer, reference: unknown): void {
  parseAnswer(spec, raw);
  const result = gradeAnswer(spec, raw, reference as never);
  if (!(result.score >= 0 && result.score <= 1)) throw new Error(`score ${result.score} outside [0, 1]`);
  if (result.status === "graded") graded.set(target, (graded.get(target) ?? 0) + 1);
}

const targets: Target[] = [
  {
    name: "expression parser and shape checker",
    runs: 30_000,
    inputs: fc.oneof(anyText, adversarialExpression),
    run: (input: string) => void analyzeExpression(input, environment),
  },
  {
    name: "expression evaluator (graded against grad(y, W0))",
    runs: 20_000,
    inputs: fc.oneof(expression, expression, adversarialExpression),
    run: (input: string) => mustGrade("evaluator", ANSWER_KINDS.find(([kind]) => kind === "expression")![1], input, "grad(y, W0)"),
  },
  ...ANSWER_KINDS.map(([kind, spec, reference]): Target => ({
    name: `${kind} answers`,
    runs: 7_200,
    inputs: rawAnswer,
    run: (input: RawAnswer) => mustGrade(kind, spec, input, reference),
  })),
];

// ---- run -------------------------------------------------------------------------
function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** The heaviest answer the caps admit: a 200×200 matrix (MAX_ENTRIES) graded in full against itself. */
const HEAVIEST_SIDE = 200;
const heaviestMatrix = Array.from({ length: HEAVIEST_SIDE }, (_, i) => Array.from({ length: HEAVIEST_SIDE }, (_, j) => (i * 7 + j) / 8));
const heaviestAnswer = () => mustGrade("matrix (reference)", specOf({ kind: "matrix" }), heaviestMatrix, heaviestMatrix);
heaviestAnswer(); // warm the parser before timing it
const heaviestMs = Math.min(...Array.from({ length: 7 }, () => timed(heaviestAnswer)));
const limitMs = LIMIT_RATIO * heaviestMs;

const describe = (input: unknown) => {
  const text = typeof input === "string" ? input : JSON.stringify(input);
  return text.length > 120 ? `${text.slice(0, 117)}... (${text.length} characters)` : text;
};

const report = targets.map((target) => {
  const runs = Math.max(1, Math.round(target.runs * scale));
  const inputs = fc.sample(target.inputs, { numRuns: runs, seed: SEED });
  const failures: { input: string; error: string }[] = [];
  let slowest = 0;
  let slowestInput = "";
  for (const input of inputs) {
    const run = () => target.run(input as never);
    let ms: number;
    try {
      ms = timed(run);
      if (ms > limitMs) ms = Math.min(ms, timed(run), timed(run));
    } catch (error) {
      failures.push({ input: describe(input), error: `${(error as Error).name}: ${(error as Error).message}` });
      continue;
    }
    if (ms > slowest) [slowest, slowestInput] = [ms, describe(input)];
    if (ms > limitMs)
      failures.push({
        input: describe(input),
        error: `took ${ms.toFixed(1)} ms, ${(ms / heaviestMs).toFixed(1)}× the heaviest admitted answer (limit ${LIMIT_RATIO}×)`,
      });
  }
  const key = target.name.startsWith("expression evaluator") ? "evaluator" : target.name.replace(" answers", "");
  return {
    target: target.name,
    inputs: inputs.length,
    graded: graded.get(key) ?? null,
    failures: failures.length,
    firstFailures: failures.slice(0, 5),
    slowestMs: Math.round(slowest * 100) / 100,
    slowestRatio: Math.round((slowest / heaviestMs) * 100) / 100,
    slowestInput,
  };
});

const total = report.reduce((sum, r) => sum + r.inputs, 0);
const failed = report.reduce((sum, r) => sum + r.failures, 0);
const limit = {
  heaviestAnswer: `${HEAVIEST_SIDE}×${HEAVIEST_SIDE} matrix`,
  heaviestMs: Math.round(heaviestMs * 100) / 100,
  ratio: LIMIT_RATIO,
  limitMs: Math.round(limitMs * 100) / 100,
};
console.log(JSON.stringify({ fuzz: "grader", seed: SEED, limit, inputs: total, failures: failed, report }, null, 2));
process.exitCode = failed > 0 ? 1 : 0;
