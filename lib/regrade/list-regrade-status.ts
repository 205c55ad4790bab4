import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { loadStaffAssessment, memberColumn } from "@/lib/gradebook/load-staff-assessment";

export interface ListRegradeStatusOptions {
  db: Db;
  actor: AuthorizedUser;
  assessmentId: string;
}

export interface RegradeStatus {
  assessmentProblemId: string;
  /** Of a pooled placement, which member (its slug): each member is regraded on its own. */
  member?: string;
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
  const staff = await loadStaffAssessment({ db, actor, assessmentId });
  const { assessment } = staff;
  // A pool's members have versions of their own: one line per member.
  const columns = staff.columns.flatMap((c) => (c.pool.length === 0 ? [c] : c.pool.map((m) => memberColumn(c, m.slug))));
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
  const slugOf = new Map(versions.map((v) => [v.id, v.slug]));
  return columns.map((column) => {
    const latest = versions.filter((v) => v.slug === column.slug).reduce((a, b) => (b.version > a.version ? b : a), column.problem);
    const outdated = counts
      .filter(
        (c) => c.assessmentProblemId === column.assessmentProblemId && slugOf.get(c.problemId) === column.slug && c.problemId !== latest.id,
      )
      .reduce((sum, c) => sum + c._count._all, 0);
    return {
      assessmentProblemId: column.assessmentProblemId,
      ...(column.pool.length > 0 ? { member: column.slug } : {}),
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
