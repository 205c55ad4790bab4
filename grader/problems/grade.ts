/**
 * Grading a whole submission: each part's answer against the variant's
 * reference, weighted by points. A part left out scores 0; an answer the
 * grader cannot read, or of the wrong shape, is "invalid" (feedback, no
 * attempt used).
 */
import {
  answerGradingCost,
  gradeAnswer,
  joinSentences,
  shapeErrorAsWrong,
  type GradeResult,
  type RawAnswer,
  type ReferenceByKind,
} from "../answers";
import type { Variant } from "./variant";
import { ProblemError } from "./errors";

export interface PartGrade {
  id: string;
  points: number;
  /** In [0, 1]. */
  score: number;
  feedback: string;
  result: GradeResult | null;
}

export interface SubmissionGrade {
  /** Points-weighted, in [0, 1]. */
  score: number;
  parts: PartGrade[];
  /**
   * Parts whose answers could not be graded (unreadable, wrong shape): the UI shows them and the submission uses no attempt when
   * all answered parts are invalid.
   */
  invalidParts: string[];
}

export type Answers = Record<string, RawAnswer>;

export function gradePart(variant: Variant, partId: string, raw: RawAnswer): GradeResult {
  const part = variant.parts.find((candidate) => candidate.id === partId);
  if (!part) throw new ProblemError("UNKNOWN_PART", `no part "${partId}" in ${variant.public.slug}`);
  return gradeAnswer(part.answer, raw, part.reference as ReferenceByKind[typeof part.answer.kind], {
    variantSeed: variant.seed,
    knownMistakes: part.knownMistakes,
  });
}

export function gradeSubmission(variant: Variant, answers: Answers): SubmissionGrade {
  const known = new Set(variant.parts.map((part) => part.id));
  const unknown = Object.keys(answers).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ProblemError(
      "UNKNOWN_PART",
      `unknown part${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} ` +
        `for ${variant.public.slug}; its parts are ${[...known].join(", ")}`,
    );
  }
  const parts = variant.parts.map((part): PartGrade => {
    const raw = answers[part.id];
    if (raw === undefined || raw === null || raw === "") {
      return { id: part.id, points: part.points, score: 0, feedback: "not answered", result: null };
    }
    const result = gradePart(variant, part.id, raw);
    const notes = result.status === "graded" ? (result.notes ?? []) : [];
    return { id: part.id, points: part.points, score: result.score, feedback: joinSentences([result.feedback, ...notes]), result };
  });
  const totalPoints = parts.reduce((sum, part) => sum + part.points, 0);
  const earned = parts.reduce((sum, part) => sum + part.points * part.score, 0);
  return {
    score: totalPoints === 0 ? 0 : earned / totalPoints,
    parts,
    invalidParts: parts.filter((part) => part.result?.status === "invalid").map((part) => part.id),
  };
}

/**
 * What grading these answers would cost, estimated without grading them, in the expression language's cost units
 * (about a nanosecond each, grader/expr/limits.ts): each answer's reading and each expression's evaluation. Parts the
 * variant does not have cost nothing here: gradeSubmission refuses them before grading anything.
 */
export function gradingCost(variant: Variant, answers: Answers): number {
  let cost = 0;
  for (const part of variant.parts) {
    const raw = answers[part.id];
    if (raw === undefined || raw === null || raw === "") continue;
    cost += answerGradingCost(part.answer, raw, part.reference as ReferenceByKind[typeof part.answer.kind]);
  }
  return cost;
}

/**
 * The grade with every part whose answer was read but has the wrong shape
 * graded as wrong (0 for that part, stored, an attempt used), for the
 * feedback modes where guessing an order or a transpose is not free.
 * Unreadable answers stay invalid: they are always refused.
 */
export function gradeShapeErrorsAsWrong(grade: SubmissionGrade, answers: Answers): SubmissionGrade {
  const parts = grade.parts.map((part): PartGrade => {
    if (!part.result) return part;
    const result = shapeErrorAsWrong(part.result, answers[part.id]);
    return result === part.result ? part : { ...part, result, feedback: result.feedback };
  });
  return { ...grade, parts, invalidParts: parts.filter((part) => part.result?.status === "invalid").map((part) => part.id) };
}
