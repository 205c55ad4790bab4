import "server-only";
import type { Db } from "@/lib/db/client";
import { partWeightsOfRow } from "@/lib/problems/problem-definition";
import { closedByTime, latenessAt, notYetOpen, resultsHeld, resultsHeldUntil } from "@/lib/submissions/policy";
import { rulesOf, standingInfo } from "@/lib/submissions/standing";
import { effectiveRulesFor } from "@/lib/exceptions/effective-rules";
import { pickPoolMember } from "@/lib/pools/draw-pool-member";

export type AssessmentStatus = "not-open" | "not-started" | "in-progress" | "complete" | "closed";

export interface ProblemProgress {
  assessmentProblemId: string;
  slug: string;
  title: string;
  position: number;
  points: number;
  /** null while results are held (AssessmentProgress.resultsHeld). */
  pointsEarned: number | null;
  /** null while results are held. */
  partsCorrect: number | null;
  partsTotal: number;
  attemptsUsed: number;
}

export interface AssessmentProgress {
  assessmentId: string;
  title: string;
  dueAt: string | null;
  /** When it opens; before then the status is "not-open" and nothing of its problems is listed. */
  opensAt: string | null;
  /** Minutes a student has from first opening it; null: no time limit. */
  timeLimitMinutes: number | null;
  /** The course's IANA zone, shown beside the viewer's (lib/dates). */
  timeZone: string;
  /** Submitting now would be late. */
  late: boolean;
  /** "complete" (every part right) is never said while results are held. */
  status: AssessmentStatus;
  /** An exam before it closes (lib/submissions/policy.ts resultsHeld): points and parts correct are null. */
  resultsHeld: boolean;
  /** When held results are shown; null when nothing is held (or a held exam has no close set). */
  resultsHeldUntil: string | null;
  /** null while results are held. */
  pointsEarned: number | null;
  pointsPossible: number;
  /** null while results are held. */
  partsCorrect: number | null;
  partsTotal: number;
  problems: ProblemProgress[];
}

const PROBLEM_SELECT = { id: true, slug: true, version: true, source: true, definition: true, title: true } as const;

export interface AssessmentProgressOptions {
  db: Db;
  userId: string;
  assessmentIds: string[];
  now?: Date;
}

/**
 * A student's progress in assessments: per problem and in total, points
 * earned (the counted submission under the assessment's rules, late
 * penalties and overrides applied) of possible, and parts fully correct.
 * Three queries whatever the number of assessments and problems. While an
 * exam's results are held, only attempts and points possible are given.
 * Before an assessment opens, nothing of its problems is given (the list is
 * empty, and so are its totals).
 */
export async function assessmentProgress({
  db,
  userId,
  assessmentIds,
  now = new Date(),
}: AssessmentProgressOptions): Promise<AssessmentProgress[]> {
  const [assessments, submissions, overrides] = await Promise.all([
    db.assessment.findMany({
      where: { id: { in: assessmentIds } },
      orderBy: [{ position: "asc" }, { title: "asc" }],
      include: {
        course: { select: { timeZone: true } },
        problems: {
          orderBy: { position: "asc" },
          include: {
            problem: { select: PROBLEM_SELECT },
            poolMembers: { orderBy: { position: "asc" }, select: { problem: { select: PROBLEM_SELECT } } },
            variants: { where: { userId }, select: { problem: { select: PROBLEM_SELECT } } },
          },
        },
      },
    }),
    db.submission.findMany({
      where: { userId, assessmentProblem: { assessmentId: { in: assessmentIds } } },
      select: { assessmentProblemId: true, attempt: true, score: true, latePenalty: true, partResults: true },
    }),
    db.scoreOverride.findMany({
      where: { userId, assessmentProblem: { assessmentId: { in: assessmentIds } } },
      select: { assessmentProblemId: true, partId: true, score: true, comment: true, createdAt: true },
    }),
  ]);

  // The student's own deadlines (lib/exceptions) decide "closed"; an exam's results stay held until it closes for everyone
  // (policy.ts resultsHeld: the effective rules carry every classmate's exceptions' close).
  const effective = await Promise.all(assessments.map((assessment) => effectiveRulesFor(db, userId, assessment, rulesOf(assessment))));
  return assessments.map((assessment, index) => {
    const rules = rulesOf(assessment);
    const held = resultsHeld(effective[index].rules, now);
    const notOpen = notYetOpen(assessment, now);
    const problems = (notOpen ? [] : assessment.problems).map((placement): ProblemProgress => {
      // A version that cannot be built any more must not take the student's whole course page down.
      // Of a pool, only the student's own member is named: drawn already, or the one they will draw (lib/pools).
      const problem =
        placement.variants[0]?.problem ??
        pickPoolMember(userId, placement.id, [placement.problem, ...placement.poolMembers.map((m) => m.problem)]);
      const { parts } = partWeightsOfRow(problem);
      const mine = submissions.filter((s) => s.assessmentProblemId === placement.id);
      const standing = standingInfo(
        rules,
        parts,
        placement.points,
        mine,
        overrides.filter((o) => o.assessmentProblemId === placement.id),
      );
      return {
        assessmentProblemId: placement.id,
        slug: problem.slug,
        title: problem.title,
        position: placement.position,
        points: placement.points,
        pointsEarned: held ? null : standing.pointsEarned,
        partsCorrect: held ? null : parts.filter((part) => standing.partScores[part.id] === 1).length,
        partsTotal: parts.length,
        attemptsUsed: mine.length,
      };
    });
    const sum = (pick: (p: ProblemProgress) => number) => problems.reduce((total, problem) => total + pick(problem), 0);
    const partsCorrect = held ? null : sum((p) => p.partsCorrect ?? 0);
    const partsTotal = sum((p) => p.partsTotal);
    const status: AssessmentStatus = notOpen
      ? "not-open"
      : partsTotal > 0 && partsCorrect === partsTotal
        ? "complete"
        : closedByTime(effective[index].rules, now) !== null
          ? "closed"
          : problems.some((p) => p.attemptsUsed > 0)
            ? "in-progress"
            : "not-started";
    return {
      assessmentId: assessment.id,
      title: assessment.title,
      // The student's own due date and lateness (their exceptions), as on the assessment's page.
      dueAt: effective[index].rules.dueAt?.toISOString() ?? null,
      opensAt: assessment.opensAt?.toISOString() ?? null,
      timeLimitMinutes: assessment.timeLimitMinutes,
      timeZone: assessment.course.timeZone,
      late: latenessAt(effective[index].rules, now).late,
      status,
      resultsHeld: held,
      resultsHeldUntil: resultsHeldUntil(effective[index].rules, now)?.toISOString() ?? null,
      pointsEarned: held ? null : sum((p) => p.pointsEarned ?? 0),
      pointsPossible: sum((p) => p.points),
      partsCorrect,
      partsTotal,
      problems,
    };
  });
}
