import "server-only";
import { exportDocument, type DocumentFormat } from "@/grader/authoring";
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { getAuthoredProblem } from "./get-authored-problem";

export interface ExportAuthoredProblemOptions {
  db: Db;
  /** Must be an instructor of the problem's course (checked by getAuthoredProblem). */
  actor: AuthorizedUser;
  problemId: string;
  format: DocumentFormat;
}

/**
 * A published version as a file to share or keep in git: the stored
 * document in its stable form (grader/authoring/codec.ts), named
 * `<slug>.v<version>.json` or `.yaml`.
 */
export async function exportAuthoredProblem({ db, actor, problemId, format }: ExportAuthoredProblemOptions) {
  const problem = await getAuthoredProblem({ db, actor, problemId });
  return {
    fileName: `${problem.slug}.v${problem.current.version}.${format}`,
    contentType: format === "json" ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8",
    text: exportDocument(problem.document, format),
  };
}
