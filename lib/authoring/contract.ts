// What the authoring server actions and pages return to the problem editor.
// Types only, so that client components may import them.
import type { DocumentFormat } from "@/grader/authoring";

export type { DocumentFormat };
/** A document's validation is worked out by the grader, in a worker thread. */
export type { DocumentErrorInfo, DocumentValidation } from "@/grader/authoring/validate-text";

/** One published version of an authored problem. */
export interface AuthoredVersion {
  problemId: string;
  version: number;
  title: string;
  createdAt: string;
  /** null once the author's account is deleted. */
  createdBy: string | null;
  /** The format the author published it in; null when their text was not kept (published before it was). */
  authorFormat: DocumentFormat | null;
  /** Assessments in which this version is placed. */
  placements: number;
}

/** An authored problem of a course: its slug and its versions, newest first. */
export interface AuthoredProblem {
  slug: string;
  title: string;
  versions: AuthoredVersion[];
}

/** A version just published. */
export interface PublishedProblem {
  problemId: string;
  slug: string;
  version: number;
  title: string;
  /** The version this one follows; null for a new slug. */
  previousVersion: number | null;
}
