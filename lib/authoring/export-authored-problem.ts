import "server-only";
import type { DocumentFormat } from "@/grader/authoring";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { getAuthoredProblem } from "./get-authored-problem";
import { exportFileName, publishedText, type PublishedText } from "./author-text";

export interface ExportAuthoredProblemOptions {
  db: Db;
  /** Must be an instructor of the problem's course (checked by getAuthoredProblem). */
  actor: AuthorizedUser;
  problemId: string;
  /** Left out: the format it was published in. */
  format?: DocumentFormat;
}

export interface ExportedProblem extends PublishedText {
  fileName: string;
  contentType: string;
}

/**
 * A published version as a file to share or keep in git: the text its
 * author published, byte for byte, or the canonical form where that text
 * was not kept or another format is asked for (author-text.ts), named
 * `<slug>.v<version>.yaml` or `.json`.
 */
export async function exportAuthoredProblem({ db, actor, problemId, format }: ExportAuthoredProblemOptions): Promise<ExportedProblem> {
  const problem = await getAuthoredProblem({ db, actor, problemId });
  const exported = publishedText(problem.published, format);
  return {
    ...exported,
    fileName: exportFileName(problem.published, exported.format),
    contentType: exported.format === "json" ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8",
  };
}
