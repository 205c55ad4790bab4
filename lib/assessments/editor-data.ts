import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { listProblems } from "@/lib/problems/list-problems";
import { problemFromStored } from "@/grader/stored";
import { toWallClockText } from "@/lib/dates";

/** `YYYY-MM-DDTHH:mm` on the clocks of the course's zone, what a datetime-local input shows; "" for none. */
export function toDateTimeLocal(date: Date | null, timeZone: string): string {
  return date ? toWallClockText(date, timeZone) : "";
}

/** The problems an instructor may place, with the placements of an assessment being edited. */
export async function problemChoices({ db, courseId, assessmentId }: { db: Db; courseId: string; assessmentId?: string }) {
  const [available, placed] = await Promise.all([
    listProblems({ db, courseIds: [courseId] }),
    assessmentId
      ? db.assessmentProblem.findMany({
          where: { assessmentId },
          include: { problem: { select: { slug: true } }, poolMembers: { include: { problem: { select: { slug: true } } } } },
        })
      : [],
  ]);
  const placedBySlug = new Map(placed.map((p) => [p.problem.slug, p]));
  // A pool member: the placement (by its own problem) it is pooled with.
  const pooledBySlug = new Map(
    placed.flatMap((p) => p.poolMembers.map((m) => [m.problem.slug, { problemId: m.problemId, with: p.problemId }])),
  );
  return available.map((problem) => {
    const placement = placedBySlug.get(problem.slug);
    const pooled = pooledBySlug.get(problem.slug);
    let defaultPoints = 10;
    try {
      defaultPoints = problemFromStored(problem).parts.reduce((sum, part) => sum + part.points, 0);
    } catch {
      // not gradable on this server: keep the default
    }
    return {
      // A placement keeps the version it was made with; a new one takes the newest.
      problemId: placement?.problemId ?? pooled?.problemId ?? problem.id,
      slug: problem.slug,
      title: problem.title,
      version: problem.version,
      placed: placement ? { position: placement.position, points: placement.points } : null,
      /** The problem id of the placement whose pool this problem is in, or null. */
      pooledWith: pooled?.with ?? null,
      defaultPoints,
    };
  });
}

export async function assessmentForEditing({ db, assessmentId }: { db: Db; assessmentId: string }) {
  const assessment = await db.assessment.findUnique({
    where: { id: assessmentId },
    include: { course: { select: { title: true, timeZone: true } } },
  });
  if (!assessment) throw new AppError("NOT_FOUND", "There is no such assessment.");
  return assessment;
}
