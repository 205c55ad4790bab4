import "server-only";
import type { Db } from "@/lib/db/client";

export interface ProblemVersionSummary {
  id: string;
  slug: string;
  version: number;
  title: string;
  source: "BANK" | "AUTHORED";
  /** The stored definition: a bank pointer, or an authored document. */
  definition: unknown;
  placements: number;
}

export interface ListProblemsOptions {
  db: Db;
  /** Authored problems of these courses are listed too; bank problems always are. */
  courseIds: string[];
}

/** The newest version of each problem an instructor can use. */
export async function listProblems({ db, courseIds }: ListProblemsOptions): Promise<ProblemVersionSummary[]> {
  const rows = await db.problem.findMany({
    where: { OR: [{ courseId: null }, { courseId: { in: courseIds } }] },
    orderBy: [{ slug: "asc" }, { version: "desc" }],
    select: { id: true, slug: true, version: true, title: true, source: true, definition: true, _count: { select: { placements: true } } },
  });
  const newest = new Map<string, ProblemVersionSummary>();
  for (const { _count, ...row } of rows) {
    if (!newest.has(row.slug)) newest.set(row.slug, { ...row, placements: _count.placements });
  }
  return [...newest.values()];
}
