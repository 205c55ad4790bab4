import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { loadStaffAssessment } from "@/lib/gradebook/load-staff-assessment";
import { listAnswersToGrade } from "./answers-to-grade";
import { queuedPartsOf, type FreeTextPart } from "./free-text-parts";

export interface QueuePart extends FreeTextPart {
  /** Students whose latest answer awaits a grade. */
  needsGrading: number;
  /** Students whose latest answer has one. */
  graded: number;
}

export interface GradingQueue {
  assessment: { id: string; title: string; courseTitle: string };
  parts: QueuePart[];
}

/**
 * The TA queue of an assessment: each free-text part (of a pool, each
 * member's) with how many answers need grading. TAs and instructors of its course only.
 */
export async function getGradingQueue({
  db,
  actor,
  assessmentId,
}: {
  db: Db;
  actor: AuthorizedUser;
  assessmentId: string;
}): Promise<GradingQueue> {
  const { assessment, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const parts = await Promise.all(
    columns.flatMap(queuedPartsOf).map(async (part): Promise<QueuePart> => {
      const answers = await listAnswersToGrade(db, part.assessmentProblemId, part.partId, part.member);
      const graded = answers.filter((answer) => answer.graded).length;
      return { ...part, needsGrading: answers.length - graded, graded };
    }),
  );
  return { assessment: { id: assessment.id, title: assessment.title, courseTitle: assessment.course.title }, parts };
}
