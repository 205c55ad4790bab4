/**
 * Grading an expression against a reference by random evaluation:
 *
 * 1. the answer is parsed and its shape inferred from the declared shapes;
 *    a parse or shape error, or a shape other than the reference's, makes it
 *    invalid (it does not use an attempt);
 * 2. answer and reference are evaluated on K fixed random instances and
 *    compared entrywise with a tolerance;
 * 3. for a gradient (a reference `grad(f, X)`, in X's shape like PyTorch's
 *    .grad) an answer equal to the reference's transpose is accepted with a
 *    note on layout, unless the part is strict;
 * 4. a wrong answer equal to one of the part's known mistakes gets its
 *    message, and every graded answer gets a fingerprint of its values. A
 *    known mistake whose shapes do not fit (a missing transpose, Jacobians
 *    in the wrong order) cannot be evaluated: an answer written the same way
 *    (same canonical text) gets its message with the shape error. A known
 *    mistake of another answer shape that does evaluate is matched by its
 *    values, before the wrong-shape error is reported;
 * 5. a wrong answer that matches no known mistake gets a cheap diagnosis
 *    when one fits on every instance: a constant factor away from the
 *    reference, or one of the part's quantities (or one of the reference's
 *    own terms) added or left out. It names neither the factor nor the term,
 *    which would give the reference away.
 */
import { z } from "zod";
import { Tensor } from "../autograd";
import { compileEnvironment, expressionContextSchema, type Environment } from "./environment";
import { ExprError, ExprErrorCode, SpecError } from "./errors";
import { evaluate, evaluationCost } from "./evaluate";
import { fingerprintValues } from "./fingerprint";
import { drawInstances, type Instance } from "./instances";
import { analyzeExpression, type Analysis, type Interpretation } from "./interpret";
import { GRAD, isFunctionName } from "./functions";
import { formatShape, isScalarShape, sameShape, transposeShape, type Shape } from "./shape";
import type { TypedExpression } from "./shapes";
import { postOrder, type CallNode, type ExprNode } from "./ast";
import { toCanonical } from "./render";

export const knownMistakeSchema = z.object({
  /** A stable name for analytics (`missing-sigmoid-derivative`). */
  id: z.string().optional(),
  expression: z.string(),
  message: z.string(),
});

/**
 * Entries agree when |answer − reference| ≤ atol + rtol·max|reference| on
 * each instance. The scale is the largest entry of the instance, not each
 * entry, because equivalent rearrangements (diag(s) @ A against s * A, a
 * sum taken in another order) differ by rounding relative to the size of
 * the terms, which can cancel in a small entry. rtol 1e-6 is far above
 * float64 rounding (1e-16 per operation) and far below the difference any
 * wrong formula makes on random draws.
 */
export const expressionToleranceSchema = z.object({
  rtol: z.number().nonnegative().default(1e-6),
  atol: z.number().nonnegative().default(1e-9),
});

export const expressionCheckSchema = z.object({
  context: expressionContextSchema,
  /** K, the number of random instances. */
  instances: z.number().int().min(1).max(64).default(8),
  /** Seed of the instances; fixed, so that regrading gives the same verdicts. */
  seed: z.number().int().default(0),
  /**
   * "auto": a transposed answer is accepted with a note when the reference
   * is a gradient grad(f, X), refused otherwise; "strict": never;
   * "transpose-accepted": always.
   */
  layout: z.enum(["auto", "strict", "transpose-accepted"]).default("auto"),
  tolerance: expressionToleranceSchema.default({ rtol: 1e-6, atol: 1e-9 }),
  knownMistakes: z.array(knownMistakeSchema).default([]),
  /**
   * Functions an answer may not call, where the part asks for a formula
   * written out (`logsumexp` where it asks for exp, log and sum): such an
   * answer equals the reference on every instance, so only its calls tell
   * it apart. It is refused, naming the call, and uses no attempt. The
   * reference and the known mistakes may use them.
   */
  forbid: z.array(z.string()).max(16).default([]),
  limits: z
    .object({
      maxLength: z.number().int().positive(),
      maxDepth: z.number().int().positive(),
      maxNodes: z.number().int().positive(),
      maxCost: z.number().positive(),
    })
    .partial()
    .optional(),
});

export type ExpressionCheckInput = z.input<typeof expressionCheckSchema>;
export type ExpressionCheckOptions = z.output<typeof expressionCheckSchema>;

/** How many instances feed the fingerprint: few, so it stays cheap, and fixed, so it does not depend on K. */
const FINGERPRINT_INSTANCES = 2;

export interface CompiledCheck {
  options: ExpressionCheckOptions;
  environment: Environment;
  reference: TypedExpression;
  instances: Instance[];
  /** Per instance, the definitions' values read so far: shared by every answer evaluated on it (evaluate's `definitionValues`). */
  definitionValues: Map<string, Tensor>[];
  referenceValues: Tensor[];
  acceptsTranspose: boolean;
  mistakes: { id?: string; message: string; shape: Shape; values: Tensor[] }[];
  /** Known mistakes that fail shape checking, by canonical text; with their values when they type-check to another answer shape. */
  shapeMistakes: { id?: string; message: string; canonical: string; shape?: Shape; values?: Tensor[] }[];
  /** Values of the part's quantities and of the reference's terms, per instance, for the "additive term" diagnosis. */
  terms: Tensor[][];
}

/** What a wrong answer's values show, when a cheap check can tell (never the factor or the term itself). */
export type WrongDiagnosis = "constant-factor" | "additive-term" | "non-finite";

export type ExpressionVerdict =
  | {
      status: "invalid";
      error: ExprError;
      interpretation: Interpretation | null;
      /** A known mistake written the same way, whose message replaces the shape error's (kept as the hint). */
      mistake?: { id?: string; message: string };
    }
  | { status: "correct"; layout: "same" | "transposed"; note?: string; fingerprint: string; interpretation: Interpretation }
  | {
      status: "wrong";
      /** The known mistake the answer equals, if any. */
      mistake?: { id?: string; message: string };
      fingerprint: string;
      /** On how many of the K instances the answer differs from the reference. */
      instancesWrong: number;
      diagnosis?: WrongDiagnosis;
      interpretation: Interpretation;
    };

/** Compiles a part: checks its context, reference and known mistakes and computes their values. Throws SpecError. */
export function compileCheck(input: ExpressionCheckInput, reference: string): CompiledCheck {
  const parsed = expressionCheckSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SpecError(issue.path.map(String).join(".") || "spec", issue.message);
  }
  const options = parsed.data;
  options.forbid.forEach((name, i) => {
    if (!isFunctionName(name)) throw new SpecError(`forbid.${i}`, `${name} is not a function of the expression language`);
  });
  const environment = compileEnvironment(options.context, options.limits);
  const authored = (source: string, path: string): TypedExpression => {
    const analysis = analyzeExpression(source, environment, { allowGrad: true });
    if (!analysis.ok) throw new SpecError(path, `${analysis.error.message} (in “${source}”)`, analysis.error.code);
    return analysis.typed;
  };
  const referenceTyped = authored(reference, "reference");
  const instances = drawInstances(environment, options.instances, options.seed);
  const definitionValues = instances.map(() => new Map<string, Tensor>());
  const valuesOf = (typed: TypedExpression) => valuesOn({ environment, instances, definitionValues }, typed);
  const acceptsTranspose =
    options.layout === "transpose-accepted" ||
    (options.layout === "auto" && referenceTyped.parsed.root.type === "call" && referenceTyped.parsed.root.callee === GRAD);
  const mistakes: CompiledCheck["mistakes"] = [];
  const shapeMistakes: CompiledCheck["shapeMistakes"] = [];
  options.knownMistakes.forEach((mistake, i) => {
    const analysis = analyzeExpression(mistake.expression, environment);
    const shapeError = !analysis.ok && analysis.interpretation !== null;
    const wrongShape = analysis.ok && answerLayout(analysis.typed.shape, referenceTyped.shape, acceptsTranspose) === null;
    if (shapeError || wrongShape) {
      const canonical = (analysis.interpretation as Interpretation).canonical;
      const evaluated = analysis.ok ? { shape: analysis.typed.shape, values: valuesOf(analysis.typed) } : {};
      shapeMistakes.push({ id: mistake.id, message: mistake.message, canonical, ...evaluated });
      return;
    }
    const typed = authored(mistake.expression, `knownMistakes.${i}.expression`);
    mistakes.push({ id: mistake.id, message: mistake.message, shape: typed.shape, values: valuesOf(typed) });
  });
  const terms = termSources(environment, referenceTyped).flatMap((source) => {
    const analysis = analyzeExpression(source, environment);
    return analysis.ok && (isScalarShape(analysis.typed.shape) || sameShape(analysis.typed.shape, referenceTyped.shape))
      ? [valuesOf(analysis.typed)]
      : [];
  });
  return {
    options,
    environment,
    reference: referenceTyped,
    instances,
    definitionValues,
    referenceValues: valuesOf(referenceTyped),
    acceptsTranspose,
    mistakes,
    shapeMistakes,
    terms,
  };
}

/** The part's quantities, and the reference's own additive terms (children of + and −, outside grad), as text. */
function termSources(environment: Environment, reference: TypedExpression): string[] {
  const sources = new Set([...environment.variables.keys(), ...environment.definitions.keys()]);
  const visit = (node: ExprNode) => {
    if (node.type === "binary" && (node.operator === "+" || node.operator === "-")) {
      for (const side of [node.left, node.right]) {
        sources.add(toCanonical(side));
        visit(side);
      }
    } else if (node.type === "negate") {
      visit(node.operand);
    }
  };
  visit(reference.parsed.root);
  return [...sources];
}

const compiledCache = new Map<string, CompiledCheck>();
const COMPILED_CACHE_SIZE = 128;

/** compileCheck, remembered by the spec's JSON: a part is compiled once per process, not once per answer. */
export function compileCheckCached(input: ExpressionCheckInput, reference: string): CompiledCheck {
  const key = JSON.stringify([input, reference]);
  const hit = compiledCache.get(key);
  if (hit) {
    compiledCache.delete(key); // re-insert: most recently used last
    compiledCache.set(key, hit);
    return hit;
  }
  const compiled = compileCheck(input, reference);
  if (compiledCache.size >= COMPILED_CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value as string);
  compiledCache.set(key, compiled);
  return compiled;
}

/** `analysis` is the answer's analyzeExpression in the part's environment, where the caller has it already. */
export function checkExpression(
  compiled: CompiledCheck,
  answer: string,
  analysis: Analysis = analyzeExpression(answer, compiled.environment),
): ExpressionVerdict {
  const { reference } = compiled;
  analysis = withoutForbiddenCalls(analysis, compiled.options.forbid);
  if (!analysis.ok)
    return withShapeMistake(compiled, { status: "invalid", error: analysis.error, interpretation: analysis.interpretation });
  const { typed, interpretation } = analysis;

  const tooCostly = costError(compiled, typed, answer);
  const layout = answerLayout(typed.shape, reference.shape, compiled.acceptsTranspose);
  if (layout === null) {
    const invalidVerdict = {
      status: "invalid" as const,
      error: wrongShapeError(answer, typed.shape, reference.shape, compiled.acceptsTranspose),
      interpretation,
    };
    return tooCostly ? invalidVerdict : withShapeMistake(compiled, invalidVerdict, typed);
  }
  if (tooCostly) return { status: "invalid", error: tooCostly, interpretation };

  const values = valuesOn(compiled, typed);
  // A transposed answer is fingerprinted in the reference's layout, so it groups with the same formula written the other way.
  const fingerprinted = values.slice(0, FINGERPRINT_INSTANCES).map((value) => (layout === "transposed" ? value.transpose(0, 1) : value));
  const fingerprint = fingerprintValues(fingerprinted);
  const oriented = (expected: Tensor, answerShape: Shape, expectedShape: Shape) =>
    sameShape(answerShape, expectedShape) || isScalarShape(answerShape) ? expected : expected.transpose(0, 1);
  const agreeing = (expected: Tensor[], expectedShape: Shape) =>
    values.filter((value, i) => allClose(value, oriented(expected[i], typed.shape, expectedShape), compiled.options.tolerance)).length;

  const correctCount = agreeing(compiled.referenceValues, reference.shape);
  if (correctCount === values.length) {
    if (layout === "same") return { status: "correct", layout, fingerprint, interpretation };
    const note =
      `accepted as the transpose of the expected ${formatShape(reference.shape)} answer: by ` +
      `the convention used here (PyTorch's .grad) a gradient has the shape of the variable`;
    return { status: "correct", layout, note, fingerprint, interpretation };
  }
  const mistake = compiled.mistakes.find(
    (candidate) =>
      answerLayout(typed.shape, candidate.shape, compiled.acceptsTranspose) !== null &&
      agreeing(candidate.values, candidate.shape) === values.length,
  );
  const instancesWrong = values.length - correctCount;
  const inReferenceLayout = values.map((value) => (layout === "transposed" ? value.transpose(0, 1) : value));
  const diagnosis = mistake
    ? undefined
    : overflows(values, compiled.referenceValues)
      ? "non-finite"
      : instancesWrong < values.length
        ? undefined
        : diagnose(compiled, inReferenceLayout);
  return {
    status: "wrong",
    ...(mistake ? { mistake: { ...(mistake.id ? { id: mistake.id } : {}), message: mistake.message } } : {}),
    fingerprint,
    instancesWrong,
    ...(diagnosis ? { diagnosis } : {}),
    interpretation,
  };
}

/** An answer that calls a function the part forbids, as refused at that call; any other analysis as it is. */
export function withoutForbiddenCalls(analysis: Analysis, forbid: readonly string[]): Analysis {
  if (!analysis.ok || forbid.length === 0) return analysis;
  const call = postOrder(analysis.typed.parsed.root).find((node): node is CallNode => node.type === "call" && forbid.includes(node.callee));
  if (!call) return analysis;
  const error = new ExprError(
    ExprErrorCode.FunctionNotAllowed,
    `this part asks for the formula written out, so ${call.callee}(…) is not accepted here`,
    { offset: call.calleeSpan.start, length: call.calleeSpan.end - call.calleeSpan.start },
    { hint: "write it with the functions the question names" },
  );
  return { ok: false, error, interpretation: analysis.interpretation };
}

/** An expression's values on the part's K instances, each sharing that instance's definitions' values. */
function valuesOn(compiled: Pick<CompiledCheck, "environment" | "instances" | "definitionValues">, typed: TypedExpression): Tensor[] {
  const values: Tensor[] = [];
  for (let i = 0; i < compiled.instances.length; i++) {
    values.push(evaluate(typed, compiled.environment, compiled.instances[i], compiled.definitionValues[i]));
  }
  return values;
}

/**
 * True when the answer gives ∞ or NaN on an instance where the reference is
 * finite: a formula equal to it on paper that overflows in float64 (the
 * naive log-sum-exp on large logits), which the student should be told.
 */
function overflows(values: Tensor[], references: Tensor[]): boolean {
  return values.some((value, i) => !value.data.every(Number.isFinite) && references[i].data.every(Number.isFinite));
}

/**
 * A constant factor (answer = c·reference with the same c ≠ 1 on every
 * instance) or an additive term (answer − reference = ±t for one of the
 * compiled terms on every instance), else undefined. Tolerances as for
 * grading, relative to the larger of the two sides.
 */
function diagnose(compiled: CompiledCheck, values: Tensor[]): WrongDiagnosis | undefined {
  const { rtol, atol } = compiled.options.tolerance;
  const references = compiled.referenceValues;
  const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= atol + rtol * scale;
  const scaleOf = (i: number) => Math.max(maxAbs(values[i].data), maxAbs(references[i].data));

  const factors = references.map((reference, i) => {
    const r = reference.data;
    const v = values[i].data;
    let dot = 0;
    let norm = 0;
    for (let j = 0; j < r.length; j++) {
      dot += v[j] * r[j];
      norm += r[j] * r[j];
    }
    if (!(norm > 0)) return NaN;
    const factor = dot / norm;
    for (let j = 0; j < r.length; j++) if (!close(v[j], factor * r[j], scaleOf(i))) return NaN;
    return factor;
  });
  if (
    factors.every(
      (factor) =>
        Number.isFinite(factor) && close(factor, factors[0], Math.abs(factors[0])) && !close(factor, 1, 1) && !close(factor, 0, 1),
    )
  )
    return "constant-factor";

  const matchesTerm = (term: Tensor[], sign: 1 | -1) =>
    references.every((reference, i) => {
      const t = term[i].data;
      if (maxAbs(t) === 0) return false;
      const r = reference.data;
      const v = values[i].data;
      for (let j = 0; j < r.length; j++) if (!close(v[j] - r[j], sign * (t.length === 1 ? t[0] : t[j]), scaleOf(i))) return false;
      return true;
    });
  if (compiled.terms.some((term) => matchesTerm(term, 1) || matchesTerm(term, -1))) return "additive-term";
  return undefined;
}

function maxAbs(data: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) largest = Math.max(largest, Math.abs(data[i]));
  return largest;
}

/**
 * An invalid verdict, with a known mistake's message when the answer is
 * written as that mistake is, or (given its typed form) has that mistake's
 * shape and values.
 */
function withShapeMistake(
  compiled: CompiledCheck,
  verdict: Extract<ExpressionVerdict, { status: "invalid" }>,
  typed?: TypedExpression,
): ExpressionVerdict {
  const canonical = verdict.interpretation?.canonical;
  const byValue = (candidate: CompiledCheck["shapeMistakes"][number]) => {
    if (!typed || !candidate.shape || !candidate.values || !sameShape(candidate.shape, typed.shape)) return false;
    const expected = candidate.values;
    return compiled.instances.every((instance, i) =>
      allClose(evaluate(typed, compiled.environment, instance, compiled.definitionValues[i]), expected[i], compiled.options.tolerance),
    );
  };
  const mistake =
    canonical === undefined
      ? undefined
      : compiled.shapeMistakes.find((candidate) => candidate.canonical === canonical || byValue(candidate));
  if (!mistake) return verdict;
  const { error } = verdict;
  const explained = new ExprError(error.code, mistake.message, error, {
    hint: error.message,
    ...(error.shapes ? { shapes: error.shapes } : {}),
  });
  return { ...verdict, error: explained, mistake: { ...(mistake.id ? { id: mistake.id } : {}), message: mistake.message } };
}

/** "same" when the shapes agree (a scalar is a 1×1), "transposed" when a transposed answer is acceptable, else null. */
function answerLayout(answer: Shape, expected: Shape, acceptsTranspose: boolean): "same" | "transposed" | null {
  if (sameShape(answer, expected)) return "same";
  if (acceptsTranspose && sameShape(transposeShape(answer), expected)) return "transposed";
  return null;
}

function wrongShapeError(answer: string, got: Shape, expected: Shape, acceptsTranspose: boolean): ExprError {
  const transposed = sameShape(transposeShape(got), expected);
  const hint = transposed && !acceptsTranspose ? "this part asks for that layout exactly: transpose your answer" : undefined;
  return new ExprError(
    ExprErrorCode.WrongAnswerShape,
    `the answer should be ${formatShape(expected)}, but yours is ${formatShape(got)}`,
    { offset: 0, length: answer.length },
    hint ? { hint } : {},
  );
}

/** An answer's estimated cost of evaluation on all the part's instances together, in cost units (limits.ts), before evaluating it. */
export function answerEvaluationCost(compiled: CompiledCheck, typed: TypedExpression): number {
  return compiled.instances.reduce((total, instance) => total + evaluationCost(typed, compiled.environment, instance.dims), 0);
}

/** The answer's estimated cost on all instances together, against the cap: the bound on grading time. */
function costError(compiled: CompiledCheck, typed: TypedExpression, answer: string): ExprError | null {
  const limit = compiled.environment.limits.maxCost;
  const cost = answerEvaluationCost(compiled, typed);
  if (cost <= limit) return null;
  return new ExprError(
    ExprErrorCode.TooCostly,
    `the expression is too costly to evaluate (about ${Math.ceil(cost / limit)} times the allowed amount)`,
    {
      offset: 0,
      length: answer.length,
    },
  );
}

/** Entrywise |a − b| ≤ atol + rtol·max|b|; non-finite entries must match exactly (NaN with NaN). */
export function allClose(actual: Tensor, expected: Tensor, tolerance: { rtol: number; atol: number }): boolean {
  const a = actual.data;
  const b = expected.data;
  if (a.length !== b.length) return false;
  let scale = 0;
  for (let i = 0; i < b.length; i++) if (Number.isFinite(b[i])) scale = Math.max(scale, Math.abs(b[i]));
  const allowed = tolerance.atol + tolerance.rtol * scale;
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(b[i])) {
      if (!(Math.abs(a[i] - b[i]) <= allowed)) return false;
    } else if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) {
      return false;
    }
  }
  return true;
}
