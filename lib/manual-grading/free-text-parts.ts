import "server-only";
import type { RubricItem } from "@/grader/answers";
import { variantFromStored } from "@/grader/stored";
import { memberColumn, type StaffColumn } from "@/lib/gradebook/load-staff-assessment";
import { appErrorOfProblem } from "@/lib/errors";

/** A free-text part of a placed problem: what the queue lists and the grading page shows. */
export interface FreeTextPart {
  assessmentProblemId: string;
  problemTitle: string;
  partId: string;
  points: number;
  /** The prompt as written (Markdown source, shown as plain text to staff). */
  prompt: string;
  rubric: RubricItem[];
  maxLength: number;
  /** Of a pooled placement: the slug of the member whose part this is (its answers are those of the students who drew it). */
  member?: string;
}

/**
 * The free-text parts of a placed problem, read off its stored version at
 * seed 0 (a part's kind and rubric do not depend on the variant in any
 * problem of the bank; the grading page reads the student's own variant).
 * None when the version cannot be built any more.
 */
export function freeTextPartsOf(column: StaffColumn, seed = 0): FreeTextPart[] {
  if (!column.definitionAvailable) return [];
  try {
    const variant = variantFromStored(column.problem, seed);
    return variant.parts.flatMap((part) =>
      part.answer.kind === "freeText"
        ? [
            {
              assessmentProblemId: column.assessmentProblemId,
              problemTitle: column.title,
              partId: part.id,
              points: part.points,
              prompt: variant.public.parts.find((shown) => shown.id === part.id)?.prompt ?? "",
              rubric: part.answer.rubric,
              maxLength: part.answer.maxLength,
            },
          ]
        : [],
    );
  } catch (error) {
    if (!appErrorOfProblem(error)) throw error;
    return [];
  }
}

/**
 * The parts the TA queue lists for a placement: its own problem's free-text
 * parts, or of a pool, each member's, named by the member's slug (members
 * may share part ids, so a part is known by placement, member and id).
 */
export function queuedPartsOf(column: StaffColumn): FreeTextPart[] {
  if (column.pool.length === 0) return freeTextPartsOf(column);
  return column.pool.flatMap((member) =>
    freeTextPartsOf(memberColumn(column, member.slug)).map((part) => ({ ...part, member: member.slug })),
  );
}
