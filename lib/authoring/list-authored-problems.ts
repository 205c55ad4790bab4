import "server-only";
import type { Db } from "@/lib/db/client";
import { assertCourseRole, type AuthorizedUser } from "@/lib/auth/session";
import type { AuthoredProblem, AuthoredVersion } from "./contract";
import { isDocumentFormat } from "./author-text";

export interface ListAuthoredProblemsOptions {
  db: Db;
  /** Must be an instructor of the course (checked here). */
  actor: AuthorizedUser;
  courseId: string;
}

export const versionSelect = {
  id: true,
  slug: true,
  version: true,
  title: true,
  createdAt: true,
  authorFormat: true,
  createdBy: { select: { name: true } },
  _count: { select: { placements: true } },
} as const;

type VersionRow = {
  id: string;
  version: number;
  title: string;
  createdAt: Date;
  authorFormat: string | null;
  createdBy: { name: string } | null;
  _count: { placements: number };
};

export function authoredVersion(row: VersionRow): AuthoredVersion {
  return {
    problemId: row.id,
    version: row.version,
    title: row.title,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy?.name ?? null,
    authorFormat: isDocumentFormat(row.authorFormat) ? row.authorFormat : null,
    placements: row._count.placements,
  };
}

/** The course's authored problems by slug, each with its versions newest first; titles are the newest version's. */
export async function listAuthoredProblems({ db, actor, courseId }: ListAuthoredProblemsOptions): Promise<AuthoredProblem[]> {
  assertCourseRole(actor, courseId, ["INSTRUCTOR"]);
  const rows = await db.problem.findMany({
    where: { courseId, source: "AUTHORED" },
    orderBy: [{ slug: "asc" }, { version: "desc" }],
    select: versionSelect,
  });
  const bySlug = new Map<string, AuthoredProblem>();
  for (const row of rows) {
    const problem = bySlug.get(row.slug) ?? { slug: row.slug, title: row.title, versions: [] };
    problem.versions.push(authoredVersion(row));
    bySlug.set(row.slug, problem);
  }
  return [...bySlug.values()];
}
