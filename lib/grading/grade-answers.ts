import "server-only";
import { gradeSubmission, gradingCost, type SubmissionGrade, type Variant } from "@/grader/problems";
import { processPageLoads } from "@/lib/http/page-loads";
import { readWholeNumberSetting, SETTINGS } from "@/lib/settings";
import { gradeOffThread, type GradeOffThreadOptions } from "./grade-off-thread";

export interface GradeAnswersOptions extends GradeOffThreadOptions {
  /** The variant of `problem` for `seed`, as the request has it already (lib/submissions/open-problem.ts). */
  variant: Variant;
}

/**
 * Grades a student's submission where it costs least, with the same result
 * and errors either way (gradeSubmission's; the pool adds UNAVAILABLE):
 * - on the request thread when the problem is from the bank and the
 *   grader's estimate of the work (gradingCost: reading the answers and
 *   evaluating each formula, before any is evaluated) is within
 *   CHAINRULE_INLINE_GRADING_BUDGET, 0.5 ms or so by default. Handing such
 *   a grading to a thread and back costs the process more CPU than the
 *   grading itself (BENCHMARKS.md, "Cheap gradings on the request thread");
 * - in the grading pool otherwise: a costly formula, a large pasted matrix,
 *   or an authored problem, whose parts the author's document compiles;
 *   and while a page renders (lib/http/page-loads.ts), so that the grading
 *   runs at the pool's lower priority and the page goes first.
 */
export async function gradeAnswers({ variant, ...task }: GradeAnswersOptions): Promise<SubmissionGrade> {
  if (gradesInline(task, variant)) return gradeSubmission(variant, task.answers);
  return gradeOffThread(task);
}

function gradesInline({ problem, answers }: GradeOffThreadOptions, variant: Variant): boolean {
  if (problem.source === "AUTHORED" || processPageLoads().inProgress > 0) return false;
  const budget = readWholeNumberSetting(SETTINGS.inlineGradingBudget);
  return budget > 0 && gradingCost(variant, answers) <= budget;
}
