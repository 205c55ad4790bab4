import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { loadStaffAssessment } from "@/lib/gradebook/load-staff-assessment";

export interface ListRegradeStatusOptions {
  db: Db;
  actor: AuthorizedUser;
  assessmentId: string;
}

export interface RegradeStatus {
  assessmentProblemId: string;
  slug: string;
  title: string;
  placedVersion: number;
  latestVersion: number;
  latestProblemId: string;
  /** Submissions graded with another version than the newest. */
  outdatedSubmissions: number;
  /** Whether this server can build the placed version (the bank keeps only the current one). */
  definitionAvailable: boolean;
}

/** For each placed problem: the version it is placed with, the newest version, and how many submissions a regrade would touch. */
export async function listRegradeStatus({ db, actor, assessmentId }: ListRegradeStatusOptions): Promise<RegradeStatus[]> {
  const { assessment, columns } = await loadStaffAssessment({ db, actor, assessmentId });
  const [versions, counts] = await Promise.all([
    db.problem.findMany({
      where: { slug: { in: columns.map((c) => c.slug) }, OR: [{ courseId: null }, { courseId: assessment.courseId }] },
      select: { id: true, slug: true, version: true },
    }),
    db.submission.groupBy({
      by: ["assessmentProblemId", "problemId"],
      where: { assessmentProblemId: { in: columns.map((c) => c.assessmentProblemId) } },
      _count: { _all: true },
    }),
  ]);
  return columns.map((column) => {
    const latest = versions.filter((v) => v.slug === column.slug).reduce((a, b) => (b.version > a.version ? b : a), column.problem);
    const outdated = counts
      .filter((c) => c.assessmentProblemId === column.assessmentProblemId && c.problemId !== latest.id)
      .reduce((sum, c) => sum + c._count._all, 0);
    return {
      assessmentProblemId: column.assessmentProblemId,
      slug: column.slug,
      title: column.title,
      placedVersion: column.problem.version,
      latestVersion: latest.version,
      latestProblemId: latest.id,
      outdatedSubmissions: outdated,
      definitionAvailable: column.definitionAvailable,
    };
  });
}
