import "server-only";
import { personalEndsAt } from "@/lib/submissions/policy";
import type { Db } from "@/lib/db/client";
import type { DisplayedParam, Json } from "@/grader/problems/types";
import type { AuthorizedUser } from "@/lib/auth/session";
import { AppError, appErrorOfProblem, isAppError } from "@/lib/errors";
import { variantFromStored } from "@/grader/stored";
import type { ShownPartResult } from "@/lib/submissions/contract";
import { shownPartResults, standingInfo, type FullStanding } from "@/lib/submissions/standing";
import type { StoredPartResults } from "@/lib/submissions/stored-part-results";
import { loadStaffAssessment, memberColumn } from "./load-staff-assessment";
import type { StudentEntry } from "./list-students";
import { effectiveRulesFor } from "@/lib/exceptions/effective-rules";

export interface GetStudentReviewOptions {
  db: Db;
  actor: AuthorizedUser;
  assessmentId: string;
  studentId: string;
}

export interface ReviewSubmission {
  submissionId: string;
  attempt: number;
  submittedAt: string;
  gradedAt: string;
  /** The problem version that produced the score and feedback. */
  version: number;
  score: number;
  late: boolean;
  latePenalty: number;
  answers: Record<string, Json>;
  parts: (ShownPartResult & { fingerprint: string | null; mistakeId: string | null })[];
}

export interface ReviewOverride {
  id: string;
  partId: string;
  score: number;
  /** What counted just before this override, from the audit log; null when unknown or nothing counted. */
  before: number | null;
  comment: string;
  createdAt: string;
  createdBy: string;
}

export interface ReviewProblem {
  assessmentProblemId: string;
  slug: string;
  title: string;
  points: number;
  parts: { id: string; points: number; prompt: string | null; reference: Json | null }[];
  /** The student's variant; null before they first opened the problem. */
  variant: { seed: number; version: number; params: DisplayedParam[] } | null;
  /** Why the variant could not be rebuilt (an older bank version), if so. */
  variantError: string | null;
  standing: FullStanding;
  submissions: ReviewSubmission[];
  overrides: ReviewOverride[];
}

export interface StudentReview {
  /** timeZone: the course's IANA zone, shown beside the viewer's (lib/dates). */
  assessment: { id: string; title: string; courseId: string; courseTitle: string; timeZone: string };
  student: StudentEntry;
  /** On a timed assessment, when the student started it and when their time ends (null while not started). */
  timeLimit: { minutes: number; startedAt: string | null; endsAt: string | null } | null;
  problems: ReviewProblem[];
}

/**
 * Everything staff need to review one student's work on an assessment: per
 * placed problem, the student's variant with its parameters and references
 * (staff may see them), every submission with its answers, feedback and
 * timestamps, and the overrides with who set them. Four queries after the
 * access check, whatever the number of problems.
 */
export async function getStudentReview({ db, actor, assessmentId, studentId }: GetStudentReviewOptions): Promise<StudentReview> {
  const { assessment, rules, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const enrollment = await db.enrollment.findUnique({
    where: { userId_courseId: { userId: studentId, courseId: assessment.courseId } },
    select: { role: true, section: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!enrollment || enrollment.role !== "STUDENT") throw new AppError("NOT_FOUND", "That student is not enrolled in this course.");

  const placementIds = columns.map((c) => c.assessmentProblemId);
  const [variants, submissions, overrides, start] = await Promise.all([
    db.variant.findMany({
      where: { userId: studentId, assessmentProblemId: { in: placementIds } },
      include: { problem: { select: { id: true, slug: true, version: true, source: true, definition: true } } },
    }),
    db.submission.findMany({
      where: { userId: studentId, assessmentProblemId: { in: placementIds } },
      orderBy: { attempt: "desc" },
      include: { problem: { select: { version: true } } },
    }),
    db.scoreOverride.findMany({
      where: { userId: studentId, assessmentProblemId: { in: placementIds } },
      orderBy: { createdAt: "desc" },
      include: { createdBy: { select: { name: true } } },
    }),
    db.assessmentStart.findUnique({ where: { userId_assessmentId: { userId: studentId, assessmentId } }, select: { startedAt: true } }),
  ]);
  const audits = await db.auditLog.findMany({
    where: { entityType: "ScoreOverride", entityId: { in: overrides.map((o) => o.id) } },
    select: { entityId: true, before: true },
  });
  const beforeOf = new Map(audits.map((a) => [a.entityId, (a.before as { score?: number | null } | null)?.score ?? null]));

  const problems = columns.map((placed): ReviewProblem => {
    const variantRow = variants.find((v) => v.assessmentProblemId === placed.assessmentProblemId);
    // Of a pool, the member the student drew: its slug, title and parts.
    const column = memberColumn(placed, variantRow?.problem.slug);
    let variant = null;
    let variantError: string | null = null;
    if (variantRow) {
      try {
        variant = variantFromStored(variantRow.problem, variantRow.seed);
      } catch (error) {
        const appError = isAppError(error) ? error : appErrorOfProblem(error);
        if (!appError) throw error;
        variantError = appError.message;
      }
    }
    const mine = submissions.filter((s) => s.assessmentProblemId === column.assessmentProblemId);
    const myOverrides = overrides.filter((o) => o.assessmentProblemId === column.assessmentProblemId);
    return {
      assessmentProblemId: column.assessmentProblemId,
      slug: column.slug,
      title: column.title,
      points: column.points,
      parts: column.parts.map((part) => {
        const built = variant?.parts.find((p) => p.id === part.id);
        return { id: part.id, points: part.points, prompt: built?.prompt ?? null, reference: built?.reference ?? null };
      }),
      variant: variantRow && variant ? { seed: variantRow.seed, version: variantRow.problem.version, params: variant.public.params } : null,
      variantError,
      standing: standingInfo(rules, column.parts, column.points, mine, myOverrides),
      submissions: mine.map((s) => {
        const stored = s.partResults as unknown as StoredPartResults;
        const listed = variant
          ? shownPartResults(variant, stored)
          : Object.entries(stored).map(([id, r]) => ({ id, score: r.score, feedback: r.feedback, status: r.status }));
        return {
          submissionId: s.id,
          attempt: s.attempt,
          submittedAt: s.submittedAt.toISOString(),
          gradedAt: s.gradedAt.toISOString(),
          version: s.problem.version,
          score: s.score,
          late: s.late,
          latePenalty: s.latePenalty,
          answers: s.answers as Record<string, Json>,
          parts: listed.map((part) => ({
            ...part,
            fingerprint: stored[part.id]?.fingerprint ?? null,
            mistakeId: stored[part.id]?.mistakeId ?? null,
          })),
        };
      }),
      overrides: myOverrides.map((o) => ({
        id: o.id,
        partId: o.partId,
        score: o.score,
        before: beforeOf.get(o.id) ?? null,
        comment: o.comment,
        createdAt: o.createdAt.toISOString(),
        createdBy: o.createdBy.name,
      })),
    };
  });

  // The student's time allowance and cut-off (lib/exceptions), as their own submission check computes their end.
  const effective = await effectiveRulesFor(db, studentId, assessment, rules);
  return {
    assessment: {
      id: assessment.id,
      title: assessment.title,
      courseId: assessment.courseId,
      courseTitle: assessment.course.title,
      timeZone: assessment.course.timeZone,
    },
    student: { userId: enrollment.user.id, name: enrollment.user.name, email: enrollment.user.email, section: enrollment.section },
    timeLimit:
      assessment.timeLimitMinutes === null
        ? null
        : {
            minutes: assessment.timeLimitMinutes,
            startedAt: start?.startedAt.toISOString() ?? null,
            endsAt:
              personalEndsAt(
                { timeLimitMinutes: assessment.timeLimitMinutes, lateCutoffAt: effective.rules.lateCutoffAt },
                start?.startedAt ?? null,
                effective.allowance,
              )?.toISOString() ?? null,
          },
    problems,
  };
}
