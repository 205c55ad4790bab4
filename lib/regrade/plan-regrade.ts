import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { gradeShapeErrorsAsWrong, type Answers } from "@/grader/problems";
import { gradeOffThread } from "@/lib/grading/grade-off-thread";
import type { AuthorizedUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { problemFromStored, type ProblemRow } from "@/grader/stored";
import { standingInfo } from "@/lib/submissions/standing";
import { storedResults, type StoredPartResults } from "@/lib/submissions/stored-part-results";
import { findMemberColumn, loadStaffAssessment, type StaffColumn } from "@/lib/gradebook/load-staff-assessment";
import { listStudents } from "@/lib/gradebook/list-students";
import { groupBy } from "@/lib/gradebook/group-by";

export interface PlanRegradeOptions {
  db: Db;
  /** A TA or instructor of the assessment's course (checked here). */
  actor: AuthorizedUser;
  assessmentId: string;
  assessmentProblemId: string;
  /** The version to grade with; by default the newest row of the problem's slug. */
  toProblemId?: string;
  /** Of a pooled placement, the member (its slug) to regrade, by default its first: only submissions on that member are touched. */
  member?: string;
}

/** One stored submission graded again with the target version. */
export interface RegradedSubmission {
  submissionId: string;
  userId: string;
  attempt: number;
  /** The version it was graded with until now. */
  fromProblemId: string;
  oldScore: number;
  newScore: number;
  newPartResults: StoredPartResults;
  /** Parts whose score changes: id, old → new (fractions). */
  changedParts: { id: string; before: number; after: number }[];
}

export interface RegradeStudentChange {
  userId: string;
  name: string;
  email: string;
  section: string;
  /** The problem's counted score before and after (fractions, overrides applied). */
  before: number | null;
  after: number | null;
  /** Change of the counted points. */
  deltaPoints: number;
  submissionsChanged: number;
  /** Some submission changes, but an override keeps the counted score where it was. */
  heldByOverride: boolean;
}

export interface RegradePlan {
  assessmentProblemId: string;
  slug: string;
  points: number;
  from: { problemId: string; version: number }[];
  to: { problemId: string; version: number };
  /** Submissions graded with another version than the target, all of which are regraded. */
  submissionsToRegrade: number;
  /** Of those, the ones whose score or a part's score changes. */
  submissionsChanged: number;
  /** Students whose submissions or counted score change, largest change first. */
  students: RegradeStudentChange[];
  /** Identifies this plan: apply refuses with CONFLICT when the plan has changed since the preview. */
  planHash: string;
}

/**
 * Previews a regrade: every stored submission of a placed problem that was
 * graded with another version is graded again, in memory, with the target
 * version (same variant seed, same answers, same late penalty), and the
 * result says whose counted score would change and by how much, overrides
 * applied. Nothing is written; lib/regrade/apply-regrade.ts writes it.
 */
export async function planRegrade(options: PlanRegradeOptions): Promise<RegradePlan> {
  const { db, actor, assessmentId, assessmentProblemId } = options;
  const { assessment, rules, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const column = findMemberColumn(columns, assessmentProblemId, options.member);
  const target = await findTarget(db, column, assessment.courseId, options.toProblemId);
  const targetParts = problemFromStored(target).parts.map((part) => ({ id: part.id, points: part.points }));

  const [submissions, overrides, students] = await Promise.all([
    db.submission.findMany({
      where: { assessmentProblemId, problem: { slug: column.slug } },
      select: { ...STORED_SUBMISSION_SELECT, problem: { select: { version: true } } },
    }),
    db.scoreOverride.findMany({
      where: { assessmentProblemId },
      select: { userId: true, partId: true, score: true, comment: true, createdAt: true },
    }),
    listStudents({ db, courseId: assessment.courseId }),
  ]);

  const outdated = submissions.filter((s) => s.problemId !== target.id);
  const regraded = new Map((await regradeAll(target, outdated)).map((r) => [r.submissionId, r]));
  const changed = [...regraded.values()].filter(scoreChanged);

  const changedIds = new Set(changed.map((c) => c.submissionId));
  const submissionsOf = groupBy(submissions, (s) => s.userId);
  const overridesOf = groupBy(overrides, (o) => o.userId);
  const studentChanges: RegradeStudentChange[] = [];
  for (const student of students) {
    const mine = submissionsOf.get(student.userId) ?? [];
    const changedOfMine = mine.filter((s) => changedIds.has(s.id));
    if (changedOfMine.length === 0) continue;
    const myOverrides = overridesOf.get(student.userId) ?? [];
    const before = standingInfo(rules, column.parts, column.points, mine, myOverrides);
    const after = standingInfo(
      rules,
      targetParts,
      column.points,
      mine.map((s) => {
        const r = regraded.get(s.id);
        return r ? { ...s, score: r.newScore, partResults: r.newPartResults } : s;
      }),
      myOverrides,
    );
    const deltaPoints = after.pointsEarned - before.pointsEarned;
    studentChanges.push({
      ...student,
      before: before.score,
      after: after.score,
      deltaPoints,
      submissionsChanged: changedOfMine.length,
      heldByOverride: sameScore(deltaPoints, 0) && myOverrides.length > 0,
    });
  }
  studentChanges.sort((a, b) => Math.abs(b.deltaPoints) - Math.abs(a.deltaPoints) || a.name.localeCompare(b.name));

  const fromVersions = new Map(outdated.map((s) => [s.problemId, s.problem.version]));
  if (column.problem.id !== target.id) fromVersions.set(column.problem.id, column.problem.version);
  return {
    assessmentProblemId,
    slug: column.slug,
    points: column.points,
    from: [...fromVersions].map(([problemId, version]) => ({ problemId, version })).sort((a, b) => a.version - b.version),
    to: { problemId: target.id, version: target.version },
    submissionsToRegrade: outdated.length,
    submissionsChanged: changed.length,
    students: studentChanges,
    planHash: hashPlan(target.id, [...regraded.values()]),
  };
}

/** What regrading reads of a stored submission: the plan and the apply step select the same columns. */
export const STORED_SUBMISSION_SELECT = {
  id: true,
  userId: true,
  attempt: true,
  answers: true,
  score: true,
  latePenalty: true,
  partResults: true,
  problemId: true,
  variant: { select: { seed: true } },
} as const;

interface StoredSubmission {
  id: string;
  userId: string;
  attempt: number;
  answers: unknown;
  score: number;
  latePenalty: number;
  partResults: unknown;
  problemId: string;
  variant: { seed: number };
}

/** How many gradings a regrade hands the pool at once: well under its queue (lib/grading) and its 5 s timeout. */
const REGRADE_CHUNK = 200;

/** Regrades submissions in the grading pool, a chunk at a time, in order. */
export async function regradeAll(target: ProblemRow, submissions: readonly StoredSubmission[]): Promise<RegradedSubmission[]> {
  const results: RegradedSubmission[] = [];
  for (let start = 0; start < submissions.length; start += REGRADE_CHUNK) {
    results.push(...(await Promise.all(submissions.slice(start, start + REGRADE_CHUNK).map((s) => regradeSubmission(target, s)))));
  }
  return results;
}

/**
 * Grades a stored submission's answers again with another version, in the
 * grading pool (off the request thread: a regrade can be thousands of
 * gradings). Answers to parts the new version no longer has are left out;
 * the late penalty is the one the submission earned when it arrived. A
 * stored submission used an attempt, so an answer that the new version
 * reads but finds of the wrong shape is graded wrong (as homework grades
 * it), never stored as "not graded, no attempt used".
 */
export async function regradeSubmission(target: ProblemRow, submission: StoredSubmission): Promise<RegradedSubmission> {
  const known = new Set(problemFromStored(target).parts.map((part) => part.id));
  const answers = Object.fromEntries(Object.entries(submission.answers as Answers).filter(([id]) => known.has(id)));
  const grade = gradeShapeErrorsAsWrong(await gradeOffThread({ problem: target, seed: submission.variant.seed, answers }), answers);
  const newPartResults = storedResults(grade);
  const oldPartResults = submission.partResults as StoredPartResults;
  const changedParts = grade.parts
    .map((part) => ({ id: part.id, before: oldPartResults[part.id]?.score ?? 0, after: newPartResults[part.id].score }))
    .filter((part) => !sameScore(part.before, part.after));
  return {
    submissionId: submission.id,
    userId: submission.userId,
    attempt: submission.attempt,
    fromProblemId: submission.problemId,
    oldScore: submission.score,
    newScore: grade.score * (1 - submission.latePenalty),
    newPartResults,
    changedParts,
  };
}

// Scores read back through the driver adapters can differ from the computed
// double in the last digit (they keep 16 significant digits: 3/19 comes back
// as 0.1578947368421053), so equal means equal to far below a point's 1e-6.
const SCORE_TOLERANCE = 1e-9;

export function sameScore(a: number, b: number): boolean {
  return Math.abs(a - b) <= SCORE_TOLERANCE;
}

/** Whether regrading changes the submission's score or any part's. */
export function scoreChanged(r: RegradedSubmission): boolean {
  return !sameScore(r.oldScore, r.newScore) || r.changedParts.length > 0;
}

/** The target version: the one named (same slug, and the course's own or a bank problem), or the newest. */
async function findTarget(db: Db, column: StaffColumn, courseId: string, toProblemId?: string) {
  const select = { id: true, slug: true, version: true, source: true, definition: true, courseId: true } as const;
  const target = toProblemId
    ? await db.problem.findUnique({ where: { id: toProblemId }, select })
    : await db.problem.findFirst({
        where: { slug: column.slug, OR: [{ courseId: null }, { courseId }] },
        orderBy: { version: "desc" },
        select,
      });
  if (!target || target.slug !== column.slug || (target.courseId !== null && target.courseId !== courseId)) {
    throw new AppError("NOT_FOUND", `There is no such version of ${column.slug}.`);
  }
  return target;
}

function hashPlan(targetId: string, regraded: readonly RegradedSubmission[]): string {
  const hash = createHash("sha256").update(targetId);
  for (const r of [...regraded].sort((a, b) => a.submissionId.localeCompare(b.submissionId))) {
    hash.update(`|${r.submissionId}:${r.fromProblemId}:${r.oldScore}:${r.newScore}`);
  }
  return hash.digest("hex").slice(0, 32);
}
