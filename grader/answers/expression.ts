/**
 * The expression kind: a formula over the part's named quantities, read and
 * graded by the expression language (grader/expr). Parsing is what the live
 * preview runs on every keystroke (no evaluation); grading compiles the
 * part once per process and evaluates the answer on its K instances.
 */
import {
  analyzeExpression,
  answerEvaluationCost,
  checkExpression,
  compileCheckCached,
  compileEnvironment,
  ExprError,
  type Analysis,
  type CompiledCheck,
  type Environment,
  type Interpretation,
  type TypedExpression,
  type WrongDiagnosis,
  withoutForbiddenCalls,
} from "../expr";
import { AnswerError, AnswerErrorCode } from "./errors";
import { graded, invalid, type GradeResult, type ParseOutcome, type RawAnswer } from "./result";
import type { SpecOf } from "./spec";

type ExpressionSpec = SpecOf<"expression">;

export interface ExpressionValue {
  typed: TypedExpression;
  interpretation: Interpretation;
}

const environments = new Map<string, Environment>();
const ENVIRONMENT_CACHE_SIZE = 128;

function environmentOf(spec: ExpressionSpec): Environment {
  const key = JSON.stringify([spec.context, spec.limits]);
  let environment = environments.get(key);
  if (!environment) {
    environment = compileEnvironment(spec.context, spec.limits);
    if (environments.size >= ENVIRONMENT_CACHE_SIZE) environments.delete(environments.keys().next().value as string);
    environments.set(key, environment);
  }
  return environment;
}

function asAnswerError(error: ExprError): AnswerError {
  return new AnswerError(AnswerErrorCode.Expression, error.message, { offset: error.offset, length: error.length }, error.code);
}

/**
 * Reads an answer and checks its shapes, without evaluating it: the
 * "interpreted as" preview. An error still comes with the interpretation
 * when the input parsed (its shapes up to the mismatch); use
 * analyzeExpressionAnswer for that.
 */
export function parseExpressionAnswer(spec: ExpressionSpec, raw: RawAnswer): ParseOutcome<ExpressionValue> {
  const analysis = analyzeExpressionAnswer(spec, raw);
  if (!analysis.ok) return { ok: false, error: analysis.error };
  return { ok: true, value: { typed: analysis.typed, interpretation: analysis.interpretation } };
}

export type ExpressionAnalysis =
  | { ok: true; typed: TypedExpression; interpretation: Interpretation }
  | { ok: false; error: AnswerError; interpretation: Interpretation | null };

export function analyzeExpressionAnswer(spec: ExpressionSpec, raw: RawAnswer): ExpressionAnalysis {
  if (typeof raw !== "string")
    return { ok: false, error: new AnswerError(AnswerErrorCode.InvalidSyntax, "enter an expression"), interpretation: null };
  const analysis = withoutForbiddenCalls(analyzeExpression(raw, environmentOf(spec)), spec.forbid);
  if (analysis.ok) return analysis;
  return { ok: false, error: asAnswerError(analysis.error), interpretation: analysis.interpretation };
}

/** What a diagnosis tells the student: the kind of difference, never the factor or the term (check.ts). */
const DIAGNOSES: Record<WrongDiagnosis, string> = {
  "constant-factor":
    "not equal to the expected expression, but a constant multiple of it on every random instance: check the constant factors and the sign",
  "additive-term":
    "not equal to the expected expression: on every random instance it differs from it " +
    "by one of the part's quantities or one whole term, so a term is missing or extra",
  "non-finite":
    "not equal to the expected expression: on some random instances it gives ∞ or NaN in float64 where the expected value " +
    "is finite, so a step overflows, divides by zero, or takes the log or square root of a negative number",
};

/**
 * Compiled parts by spec object, then by reference: a variant's parsed spec
 * is one object for as long as the variant is cached (grader/stored), and
 * never changed, so a hit needs no key to be built. Finding the compiled
 * part by the spec's JSON (compileCheckCached, which stays behind this for
 * a spec seen for the first time) was a tenth of a grading's CPU. Weak, so
 * that a variant the caches forget takes its entries with it.
 */
const compiledBySpec = new WeakMap<ExpressionSpec, Map<string, CompiledCheck>>();
/** References kept per spec object: a variant's part has one; more only where a caller grades one spec against many. */
const REFERENCES_PER_SPEC = 16;

function compiledCheckOf(spec: ExpressionSpec, reference: string): CompiledCheck {
  let byReference = compiledBySpec.get(spec);
  if (!byReference) compiledBySpec.set(spec, (byReference = new Map()));
  let compiled = byReference.get(reference);
  if (!compiled) {
    const { kind: _kind, ...options } = spec;
    compiled = compileCheckCached(options, reference);
    if (byReference.size >= REFERENCES_PER_SPEC) byReference.clear();
    byReference.set(reference, compiled);
  }
  return compiled;
}

/**
 * What evaluating this answer would cost when graded, estimated from its shapes without evaluating it (cost units,
 * grader/expr/limits.ts); 0 for an answer that does not read, which is refused before any evaluation.
 */
export function expressionAnswerCost(spec: ExpressionSpec, raw: RawAnswer, reference: string): number {
  if (typeof raw !== "string") return 0;
  const compiled = compiledCheckOf(spec, reference);
  const analysis = analysisOf(compiled, raw);
  return analysis.ok ? answerEvaluationCost(compiled, analysis.typed) : 0;
}

/**
 * The last answer read for each compiled part, so that grading right after its cost estimate reads it once: the
 * analysis was a third of a grading's CPU. Weak, as compiledBySpec is.
 */
const lastAnalysis = new WeakMap<CompiledCheck, { raw: string; analysis: Analysis }>();

function analysisOf(compiled: CompiledCheck, raw: string): Analysis {
  const last = lastAnalysis.get(compiled);
  if (last?.raw === raw) return last.analysis;
  const analysis = analyzeExpression(raw, compiled.environment);
  lastAnalysis.set(compiled, { raw, analysis });
  return analysis;
}

export function gradeExpressionAnswer(spec: ExpressionSpec, raw: RawAnswer, reference: string): GradeResult {
  if (typeof raw !== "string") return invalid(new AnswerError(AnswerErrorCode.InvalidSyntax, "enter an expression"));
  const compiled = compiledCheckOf(spec, reference);
  const verdict = checkExpression(compiled, raw, analysisOf(compiled, raw));
  switch (verdict.status) {
    case "invalid": {
      const details = verdict.interpretation ? { kind: "expression" as const, interpretation: verdict.interpretation } : undefined;
      return invalid(asAnswerError(verdict.error), details);
    }
    case "correct":
      return graded({
        score: 1,
        feedback: "correct",
        notes: verdict.note ? [verdict.note] : [],
        fingerprint: verdict.fingerprint,
        details: { kind: "expression", interpretation: verdict.interpretation, layout: verdict.layout },
      });
    case "wrong": {
      const instances = spec.instances;
      const feedback =
        verdict.mistake?.message ??
        (verdict.diagnosis
          ? DIAGNOSES[verdict.diagnosis]
          : `not equal to the expected expression: it differs on ${verdict.instancesWrong} ` +
            `of ${instances} random instance${instances === 1 ? "" : "s"}`);
      return graded({
        score: 0,
        feedback,
        mistake: verdict.mistake,
        fingerprint: verdict.fingerprint,
        details: { kind: "expression", interpretation: verdict.interpretation },
      });
    }
  }
}
