// An exception only ever gives more: a due date or cut-off earlier than the
// assessment's own is refused rather than silently ignored, so that what the
// instructor sees granted is what the student gets. Pure, for the API, the
// form and the CSV import alike.
import { formatCourseDate } from "@/lib/dates";
import { resultsHeld, type AssessmentRules } from "@/lib/submissions/policy";

export interface FieldProblem {
  /** The field (JSON key, form field, CSV column) that is wrong. */
  path: string;
  message: string;
}

export interface OwnDates {
  dueAt: Date | null;
  lateCutoffAt: Date | null;
  /** The course's zone, in which the messages give the dates. */
  timeZone: string;
}

export interface GrantedDates {
  dueAt?: Date;
  lateCutoffAt?: Date;
}

/** What is wrong with `terms` against the assessment's own dates; empty when nothing is. */
export function datesProblems(own: OwnDates, terms: GrantedDates): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (terms.dueAt) {
    if (own.dueAt === null) problems.push({ path: "dueAt", message: "the assessment has no due date, so there is none to move" });
    else if (terms.dueAt <= own.dueAt)
      problems.push({
        path: "dueAt",
        message: `give a due date after the assessment's own (${formatCourseDate(own.dueAt, own.timeZone)})`,
      });
  }
  if (terms.lateCutoffAt) {
    if (own.lateCutoffAt !== null && terms.lateCutoffAt <= own.lateCutoffAt) {
      problems.push({
        path: "lateCutoffAt",
        message: `give a late cut-off after the assessment's own (${formatCourseDate(own.lateCutoffAt, own.timeZone)})`,
      });
    } else if (own.lateCutoffAt === null) {
      problems.push({ path: "lateCutoffAt", message: "the assessment has no late cut-off, so there is none to move" });
    } else if (terms.dueAt && terms.lateCutoffAt < terms.dueAt) {
      problems.push({ path: "lateCutoffAt", message: "the late cut-off cannot come before the exception's due date" });
    }
  }
  return problems;
}

/**
 * Why no exception may be granted on an exam at `at`, or null: its results
 * and references are out to everyone (it closed for everyone, exceptions
 * included). A later date now would let a student who may have seen them
 * submit, and would hide everyone's results again.
 */
export function releasedExamProblem(
  rules: Pick<AssessmentRules, "feedbackMode" | "dueAt" | "latePenaltyPerDay" | "lateCutoffAt" | "exceptionsCloseAt">,
  at: Date,
): string | null {
  if (rules.feedbackMode !== "EXAM" || resultsHeld(rules, at)) return null;
  return (
    "This exam has closed for everyone and its results and references are released: an exception now would let a student " +
    "who may have seen them submit, and would hide everyone's results again. Grade a make-up exam with a score override on " +
    "the student's review page instead."
  );
}
