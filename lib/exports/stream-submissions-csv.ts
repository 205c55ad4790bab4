import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { loadStaffAssessment } from "@/lib/gradebook/load-staff-assessment";
import { listStudents } from "@/lib/gradebook/list-students";
import type { StoredPartResults } from "@/lib/submissions/stored-part-results";
import { csvNumber, csvRecord, csvStream, safeFileName } from "./csv";

/** Submissions per page of the export (each becomes one row per part). */
export const SUBMISSIONS_EXPORT_PAGE = 500;

/** One row per submitted part: long ("tidy") format, ready for a data frame. Times are UTC ISO 8601; scores are fractions in [0, 1]. */
export const SUBMISSIONS_CSV_COLUMNS = [
  "student_name",
  "student_email",
  "section",
  "problem",
  "problem_version",
  "attempt",
  "submitted_at",
  "graded_at",
  "late",
  "late_penalty",
  "submission_score",
  "part",
  "part_score",
  "part_status",
  "answer",
  "feedback",
  "fingerprint",
  "mistake_id",
] as const;

export interface StreamSubmissionsCsvOptions {
  db: Db;
  actor: AuthorizedUser;
  assessmentId: string;
  pageSize?: number;
}

/**
 * Every student submission of an assessment in long format, streamed: after
 * the access check, submissions are read in pages by id (a keyset cursor, so
 * each page is one indexed range read however far the export has gone).
 */
export async function streamSubmissionsCsv({ db, actor, assessmentId, pageSize = SUBMISSIONS_EXPORT_PAGE }: StreamSubmissionsCsvOptions) {
  const { assessment, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const students = new Map((await listStudents({ db, courseId: assessment.courseId })).map((s) => [s.userId, s]));
  const placementIds = columns.map((c) => c.assessmentProblemId);
  let cursor: string | undefined;
  let done = false;
  const stream = csvStream([[...SUBMISSIONS_CSV_COLUMNS]], async () => {
    if (done) return null;
    const page = await db.submission.findMany({
      where: { assessmentProblemId: { in: placementIds }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: pageSize,
      select: {
        id: true,
        userId: true,
        attempt: true,
        answers: true,
        score: true,
        partResults: true,
        late: true,
        latePenalty: true,
        submittedAt: true,
        gradedAt: true,
        problem: { select: { slug: true, version: true } },
      },
    });
    if (page.length < pageSize) done = true;
    if (page.length === 0) return null;
    cursor = page[page.length - 1].id;
    const records: string[] = [];
    for (const submission of page) {
      const student = students.get(submission.userId);
      if (!student) continue; // staff trying a problem out
      const answers = submission.answers as Record<string, unknown>;
      for (const [partId, result] of Object.entries(submission.partResults as unknown as StoredPartResults)) {
        const answer = answers[partId];
        records.push(
          csvRecord([
            student.name,
            student.email,
            student.section,
            submission.problem.slug,
            submission.problem.version,
            submission.attempt,
            submission.submittedAt.toISOString(),
            submission.gradedAt.toISOString(),
            submission.late,
            csvNumber(submission.latePenalty),
            csvNumber(submission.score),
            partId,
            csvNumber(result.score),
            result.status,
            answer === undefined || answer === null ? null : typeof answer === "string" ? answer : JSON.stringify(answer),
            result.feedback,
            result.fingerprint,
            result.mistakeId,
          ]),
        );
      }
    }
    return records;
  });
  return { fileName: `${safeFileName(`${assessment.course.slug}-${assessment.slug}`)}-submissions.csv`, stream };
}
