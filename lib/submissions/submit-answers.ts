import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { AppError } from "@/lib/errors";
import { gradeShapeErrorsAsWrong, ProblemError, type Answers, type Variant } from "@/grader/problems";
import { gradeAnswers } from "@/lib/grading/grade-answers";
import type { SubmissionResponse } from "./contract";
import { insertSubmission, insertSubmissionWithScoreChange } from "./insert-submission.sql";
import { openProblem, type OpenedProblem } from "./open-problem";
import { closedByTime, latenessAt, personalEndsAt, shapeErrorUsesAttempt, timeLimitExpired } from "./policy";
import { formatCourseDate } from "@/lib/dates";
import { loadProblemHistory, loadStandingBasis, type StandingBasis } from "./problem-history.sql";
import { partResultsList, partWeights, policyInfo, rulesOf, standingForStudent, standingInfo, timingOf, type Timing } from "./standing";
import { storedResults, type StoredPartResults } from "./stored-part-results";

export interface SubmitAnswersOptions {
  db: Db;
  userId: string;
  slug: string;
  assessmentId?: string;
  answers: Answers;
  idempotencyKey?: string;
  now?: Date;
  /** The problem, when the caller opened it already (to check access before reading a request body). */
  opened?: OpenedProblem;
}

const CLOSED_MESSAGES = {
  cutoff: "This assessment no longer accepts submissions: its late cut-off has passed. Ask your course staff if you need an exception.",
  penalty:
    "This assessment no longer accepts submissions: the late penalty has reached 100 %, so a submission would earn nothing. Ask your course staff if you need an exception.",
} as const;

/** Concurrent submissions of one student race for the next attempt number; the loser recounts. */
const ATTEMPT_RACE_RETRIES = 5;

/**
 * Grades a student's answers on the server and stores the submission under
 * the assessment's rules:
 * - answers the grader cannot read (parse errors) are refused with
 *   INVALID_ANSWERS: nothing is stored and no attempt is used; so are
 *   answers read but of the wrong shape in practice mode, while homework
 *   grades them wrong (0 for the part), stores them and uses an attempt
 *   (policy.ts shapeErrorUsesAttempt), and so does an exam, whose response
 *   then says only that the answers were received (policy.ts resultsHeld);
 * - past the late cut-off, once the late penalty reaches 100 % (it would
 *   earn nothing, and references may then be revealed), or with no attempts
 *   left, nothing is accepted (policy.ts canStillEarnCredit);
 * - after the student's time limit ran out (policy.ts personalEndsAt), nothing
 *   is accepted either (SUBMISSIONS_CLOSED, with that reason even when the
 *   attempts ran out too): their start never changes once recorded, so the
 *   check holds for parallel requests as well;
 * - a late submission is stored with its penalty;
 * - a request repeating an Idempotency-Key returns the first result.
 *
 * The submission is one INSERT, so one transaction, and nothing holds a lock
 * while grading. Its attempt number is the count of the student's earlier
 * submissions plus one, read just before; the unique (variant, attempt)
 * index is what makes that safe: of two submissions racing for the same
 * number one is refused, re-reads and tries the next, so attempts stay
 * 1..n and a limit of n can never be passed. The same read gives the
 * standing the response reports. A repeated Idempotency-Key is found by its
 * unique index when its INSERT is refused; a retry that arrives after the
 * attempts or the deadline ran out is looked up before those refusals.
 * Grading runs on the request thread when the grader estimates it cheap, else in a worker thread (lib/grading).
 */
export async function submitAnswers(options: SubmitAnswersOptions): Promise<SubmissionResponse> {
  const { db, userId, slug, assessmentId, answers, idempotencyKey, now = new Date() } = options;
  const opened = options.opened ?? (await openProblem({ db, userId, slug, assessmentId, now }));
  const { placement, variantRow, variant } = opened;
  // The student's effective rules (their exceptions applied, lib/exceptions): every check below reads them.
  const rules = opened.effective.rules;
  const timing = timingOf(placement.assessment, opened.startedAt, opened.effective);
  const endsAt = personalEndsAt(timing.window, timing.startedAt, timing.allowance);
  const replay = () =>
    idempotencyKey ? findReplay(db, userId, idempotencyKey, placement.id, variant, rules, timing, placement.points, now) : null;

  // `now` is the request's arrival and the start never changes once recorded, so this holds however long anything
  // takes and whatever runs beside it. Checked before grading: an answer past the end is refused without grading it,
  // and before the attempt count, so that a late request always hears why.
  if (timeLimitExpired(endsAt, now)) {
    const earlier = await replay();
    if (earlier) return earlier;
    throw new AppError(
      "SUBMISSIONS_CLOSED",
      `Your time for this assessment ran out at ${formatCourseDate(endsAt!, timing.timeZone)}: this submission was not stored and used no attempt.`,
      { reason: "TIME_LIMIT", endsAt: endsAt!.toISOString() },
    );
  }

  let grade;
  try {
    // Here when cheap, else in the process's grading pool: a costly formula never holds up other requests.
    grade = await gradeAnswers({ problem: opened.problemRow, seed: variantRow.seed, answers, variant });
  } catch (error) {
    if (error instanceof ProblemError) throw new AppError("INVALID_INPUT", `${error.message}.`);
    throw error;
  }
  if (shapeErrorUsesAttempt(rules)) grade = gradeShapeErrorsAsWrong(grade, answers);
  if (grade.invalidParts.length > 0) {
    const parts = grade.parts.filter((part) => grade.invalidParts.includes(part.id)).map(({ id, feedback }) => ({ id, feedback }));
    throw new AppError(
      "INVALID_ANSWERS",
      `Fix ${parts.length === 1 ? "this answer" : "these answers"} and submit again (no attempt was used): ${parts.map((p) => `${p.id}: ${p.feedback}`).join("; ")}`,
      { parts },
    );
  }
  const closed = closedByTime(rules, now);
  if (closed) {
    const earlier = await replay();
    if (earlier) return earlier;
    throw new AppError("SUBMISSIONS_CLOSED", CLOSED_MESSAGES[closed]);
  }
  const lateness = latenessAt(rules, now);
  const score = grade.score * (1 - lateness.penalty);
  const partResults = storedResults(grade);

  for (let retry = 0; ; retry++) {
    const basis = await loadStandingBasis(db, userId, placement.id, rules);
    const used = basis.attemptsUsed;
    if (rules.attemptLimit !== null && used >= rules.attemptLimit) {
      const earlier = await replay();
      if (earlier) return earlier;
      throw new AppError("ATTEMPTS_EXHAUSTED", `You have used all ${rules.attemptLimit} attempts for this problem.`);
    }
    const created = {
      id: randomUUID(),
      attempt: used + 1,
      score,
      late: lateness.late,
      latePenalty: lateness.penalty,
      partResults,
      answers,
      submittedAt: now,
    };
    try {
      const owner = {
        variantId: variantRow.id,
        userId,
        assessmentProblemId: placement.id,
        problemId: opened.problemRow.id,
        idempotencyKey,
      };
      // In an LMS (the placement's own query counted its line items): with the score for the LMS, in one transaction.
      if (placement.assessment.ltiLineItems > 0) await insertSubmissionWithScoreChange(db, created, owner, placement.assessment.id);
      else await insertSubmission(db, created, owner);
    } catch (error) {
      if (idempotencyKey && isUniqueViolation(error, "idempotencyKey")) {
        const earlier = await replay();
        if (earlier) return earlier;
      }
      if (isUniqueViolation(error, "attempt") && retry < ATTEMPT_RACE_RETRIES) continue;
      throw error;
    }
    // The standing with this submission: attempts 1..used were counted above, and no other can sit between them.
    return responseFor(
      created,
      variant,
      rules,
      timing,
      placement.points,
      { attemptsUsed: used + 1, submissions: [created, ...basis.submissions], overrides: basis.overrides },
      now,
      false,
    );
  }
}

type SubmissionRow = {
  id: string;
  attempt: number;
  score: number;
  late: boolean;
  latePenalty: number;
  partResults: unknown;
  submittedAt: Date;
};

function responseFor(
  submission: SubmissionRow,
  variant: Variant,
  rules: ReturnType<typeof rulesOf>,
  timing: Timing,
  points: number,
  { attemptsUsed, submissions, overrides }: StandingBasis,
  now: Date,
  replayed: boolean,
): SubmissionResponse {
  const policy = policyInfo(rules, attemptsUsed, now, timing);
  const held = policy.resultsHeld;
  return {
    submissionId: submission.id,
    attempt: submission.attempt,
    score: held ? null : submission.score,
    late: submission.late,
    latePenalty: submission.latePenalty,
    parts: partResultsList(variant, submission.partResults as StoredPartResults, { held }),
    submittedAt: submission.submittedAt.toISOString(),
    policy,
    standing: standingForStudent(standingInfo(rules, partWeights(variant), points, submissions, overrides), held),
    replayed,
  };
}

/** The stored result of an earlier request with the same key; CONFLICT if the key was used for another problem. */
async function findReplay(
  db: Db,
  userId: string,
  idempotencyKey: string,
  assessmentProblemId: string,
  variant: Variant,
  rules: ReturnType<typeof rulesOf>,
  timing: Timing,
  points: number,
  now: Date,
): Promise<SubmissionResponse | null> {
  const earlier = await db.submission.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });
  if (!earlier) return null;
  if (earlier.assessmentProblemId !== assessmentProblemId) {
    throw new AppError("CONFLICT", "This Idempotency-Key was already used for another problem; send a new key for a new submission.");
  }
  const history = await loadProblemHistory(db, userId, assessmentProblemId);
  return responseFor(earlier, variant, rules, timing, points, { attemptsUsed: history.submissions.length, ...history }, now, true);
}
