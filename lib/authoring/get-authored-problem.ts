import "server-only";
import type { Db } from "@/lib/db/client";
import { assertCourseRole, type AuthorizedUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import type { ProblemDocumentInput } from "@/grader/authoring";
import { authoredVersion, versionSelect } from "./list-authored-problems";
import { documentOfStoredDefinition } from "@/grader/stored";

export interface GetAuthoredProblemOptions {
  db: Db;
  /** Must be an instructor of the problem's course (checked here). */
  actor: AuthorizedUser;
  problemId: string;
}

/**
 * One published version with its document (canonical), the text its author
 * published (null for versions published before it was kept), and the
 * other versions of its slug. NOT_FOUND for a bank problem or a missing row; FORBIDDEN for a
 * problem of a course the actor does not teach.
 */
export async function getAuthoredProblem({ db, actor, problemId }: GetAuthoredProblemOptions) {
  const row = await db.problem.findUnique({
    where: { id: problemId },
    select: { ...versionSelect, courseId: true, source: true, definition: true, authorText: true },
  });
  if (!row || row.source !== "AUTHORED" || row.courseId === null) {
    throw new AppError("NOT_FOUND", "There is no such authored problem.");
  }
  assertCourseRole(actor, row.courseId, ["INSTRUCTOR"]);
  const versions = await db.problem.findMany({
    where: { slug: row.slug, courseId: row.courseId },
    orderBy: { version: "desc" },
    select: versionSelect,
  });
  return {
    courseId: row.courseId,
    slug: row.slug,
    current: authoredVersion(row),
    document: documentOfStoredDefinition(row.definition) as ProblemDocumentInput,
    published: {
      slug: row.slug,
      version: row.version,
      definition: row.definition,
      authorText: row.authorText,
      authorFormat: row.authorFormat,
    },
    versions: versions.map(authoredVersion),
  };
}
