import "server-only";
import type { RubricItem } from "@/grader/answers";
import { freeTextPartsOf } from "@/lib/manual-grading/free-text-parts";
import type { Db } from "@/lib/db/client";
import type { Json } from "@/grader/problems/types";
import type { Variant } from "@/grader/problems";
import type { AuthorizedUser } from "@/lib/auth/session";
import { appErrorOfProblem, isAppError } from "@/lib/errors";
import { variantFromStored, type ProblemRow } from "@/grader/stored";
import { standingInfo } from "@/lib/submissions/standing";
import type { StoredPartResults } from "@/lib/submissions/stored-part-results";
import { findMemberColumn, loadStaffAssessment } from "@/lib/gradebook/load-staff-assessment";
import { groupBy } from "@/lib/gradebook/group-by";
import { scoreBuckets, type ScoreBucket } from "./score-buckets";

/** Wrong answers listed per part, most common first. */
export const WRONG_ANSWERS_SHOWN = 10;

export interface GetProblemAnalyticsOptions {
  db: Db;
  /** A TA or instructor of the assessment's course (checked here). */
  actor: AuthorizedUser;
  assessmentId: string;
  assessmentProblemId: string;
  /** Of a pooled placement, which member (its slug); by default its first. Numbers come from that member's submissions only. */
  member?: string;
}

export interface WrongAnswerGroup {
  /** The grader's hash of the answer's value: equal wrong answers share it, however they were typed. */
  fingerprint: string;
  /** Distinct students who gave it at least once. */
  students: number;
  submissions: number;
  /** The most recent submission's answer as typed, and its feedback. */
  example: Json;
  feedback: string;
  mistakeId: string | null;
}

export interface MistakeCount {
  mistakeId: string;
  /** The known mistake's message, as students saw it. */
  message: string;
  students: number;
  submissions: number;
}

export interface PartAnalytics {
  partId: string;
  points: number;
  /** Students whose counted part score (overrides applied) falls in each bucket. */
  distribution: ScoreBucket[];
  /** Students with a counted score for this part. */
  studentsScored: number;
  wrongAnswers: WrongAnswerGroup[];
  /** Distinct wrong answers in all, of which the first WRONG_ANSWERS_SHOWN are listed. */
  wrongAnswerGroups: number;
  mistakes: MistakeCount[];
  /**
   * A free-text part's rubric: each item with how many students' current
   * grade checks it (the latest grade through the TA queue per student).
   * Empty for other parts and for a part without a rubric.
   */
  rubricItems: RubricItemCount[];
  /** Students whose answer to a free-text part has a grade through the queue. */
  studentsGradedByRubric: number;
}

export interface RubricItemCount {
  id: string;
  label: string;
  points: number;
  students: number;
}

export interface ProblemAnalytics {
  assessmentProblemId: string;
  slug: string;
  title: string;
  /** A pooled placement's members (slug and title), its own problem first; [] when not a pool. */
  pool: { slug: string; title: string }[];
  studentsSubmitted: number;
  submissions: number;
  parts: PartAnalytics[];
}

/**
 * Per part of a placed problem: the distribution of the scores that count,
 * the most common wrong answers grouped by their fingerprint with counts and
 * an example, and how many students each known mistake's message reached
 * ("41 students: missing transpose on W1"). Reads the placement's
 * submissions and overrides in two indexed queries.
 */
export async function getProblemAnalytics({
  db,
  actor,
  assessmentId,
  assessmentProblemId,
  member,
}: GetProblemAnalyticsOptions): Promise<ProblemAnalytics> {
  const { assessment, rules, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const column = findMemberColumn(columns, assessmentProblemId, member);
  const { pool } = column;
  // A pool member's students: those whose variant was drawn from it (its versions share the slug).
  const ofMember = pool.length === 0 ? {} : { variant: { problem: { slug: column.slug } } };
  const [submissions, overrides] = await Promise.all([
    // Students only: staff trying the problem out would skew the counts.
    db.submission.findMany({
      where: { assessmentProblemId, ...ofMember, user: { enrollments: { some: { courseId: assessment.courseId, role: "STUDENT" } } } },
      orderBy: { submittedAt: "desc" },
      select: { userId: true, attempt: true, score: true, latePenalty: true, partResults: true, answers: true },
    }),
    db.scoreOverride.findMany({
      where: {
        assessmentProblemId,
        ...(pool.length === 0 ? {} : { student: { variants: { some: { assessmentProblemId, problem: { slug: column.slug } } } } }),
      },
      select: { userId: true, partId: true, score: true, comment: true, createdAt: true, rubricItemIds: true },
    }),
  ]);
  const rubrics = new Map(freeTextPartsOf(column).map((part) => [part.partId, part.rubric]));
  const submissionsOf = groupBy(submissions, (s) => s.userId);
  const overridesOf = groupBy(overrides, (o) => o.userId);
  const scored = [...new Set([...submissionsOf.keys(), ...overridesOf.keys()])].map((userId) =>
    standingInfo(rules, column.parts, column.points, submissionsOf.get(userId) ?? [], overridesOf.get(userId) ?? []),
  );
  const messages = mistakeMessages(column.problem, column.definitionAvailable);

  const parts = column.parts.map((part): PartAnalytics => {
    const partScores = scored.map((standing) => standing.partScores[part.id]).filter((score): score is number => score !== undefined);
    const wrong = submissions.flatMap((s) => {
      const result = (s.partResults as unknown as StoredPartResults)[part.id];
      if (!result || result.status !== "graded" || result.score >= 1 || !result.fingerprint) return [];
      return [
        {
          userId: s.userId,
          fingerprint: result.fingerprint,
          mistakeId: result.mistakeId,
          feedback: result.feedback,
          answer: (s.answers as Record<string, Json>)[part.id] ?? null,
        },
      ];
    });
    const groups = [...groupBy(wrong, (w) => w.fingerprint).values()].map((group): WrongAnswerGroup => ({
      fingerprint: group[0].fingerprint,
      students: new Set(group.map((w) => w.userId)).size,
      submissions: group.length,
      // Submissions are read newest first, so the first is the most recent example.
      example: group[0].answer,
      feedback: group[0].feedback,
      mistakeId: group[0].mistakeId,
    }));
    groups.sort((a, b) => b.students - a.students || b.submissions - a.submissions || a.fingerprint.localeCompare(b.fingerprint));
    const mistakes = [
      ...groupBy(
        wrong.filter((w) => w.mistakeId),
        (w) => w.mistakeId!,
      ).entries(),
    ].map(([mistakeId, group]): MistakeCount => ({
      mistakeId,
      message: messages.get(part.id)?.get(mistakeId) ?? group[0].feedback,
      students: new Set(group.map((w) => w.userId)).size,
      submissions: group.length,
    }));
    mistakes.sort((a, b) => b.students - a.students || b.submissions - a.submissions || a.mistakeId.localeCompare(b.mistakeId));
    return {
      partId: part.id,
      points: part.points,
      distribution: scoreBuckets(partScores),
      studentsScored: partScores.length,
      wrongAnswers: groups.slice(0, WRONG_ANSWERS_SHOWN),
      wrongAnswerGroups: groups.length,
      mistakes,
      ...rubricFrequency(
        rubrics.get(part.id) ?? [],
        overrides.filter((override) => override.partId === part.id),
      ),
    };
  });

  return {
    assessmentProblemId,
    slug: column.slug,
    title: column.title,
    pool: pool.map((m) => ({ slug: m.slug, title: m.title })),
    studentsSubmitted: submissionsOf.size,
    submissions: submissions.length,
    parts,
  };
}

/** How often each rubric item is checked in the students' current grades of one part (their latest override, when it is a queue grade). */
function rubricFrequency(
  rubric: readonly RubricItem[],
  overrides: readonly { userId: string; createdAt: Date; rubricItemIds: unknown }[],
): Pick<PartAnalytics, "rubricItems" | "studentsGradedByRubric"> {
  const latest = new Map<string, (typeof overrides)[number]>();
  for (const override of overrides) {
    const seen = latest.get(override.userId);
    if (!seen || override.createdAt > seen.createdAt) latest.set(override.userId, override);
  }
  const checked = [...latest.values()].flatMap((override) =>
    Array.isArray(override.rubricItemIds) ? [override.rubricItemIds as string[]] : [],
  );
  return {
    rubricItems: rubric.map((item) => ({ ...item, students: checked.filter((ids) => ids.includes(item.id)).length })),
    studentsGradedByRubric: rubric.length > 0 ? checked.length : 0,
  };
}

/**
 * Each part's known-mistake messages by id. Expression parts list theirs in
 * the answer spec, value kinds per variant; the messages do not depend on the
 * seed, so the handout's variant (seed 0) names them.
 */
function mistakeMessages(problem: ProblemRow, available: boolean): Map<string, Map<string, string>> {
  const byPart = new Map<string, Map<string, string>>();
  if (!available) return byPart;
  let variant: Variant;
  try {
    variant = variantFromStored(problem, 0);
  } catch (error) {
    if (isAppError(error) || appErrorOfProblem(error)) return byPart;
    throw error;
  }
  for (const part of variant.parts) {
    const listed = [...part.knownMistakes, ...(part.answer.kind === "expression" ? part.answer.knownMistakes : [])];
    byPart.set(part.id, new Map(listed.filter((m) => m.id).map((m) => [m.id!, m.message])));
  }
  return byPart;
}
