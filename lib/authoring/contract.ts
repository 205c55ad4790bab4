// What the authoring server actions and pages return to the problem editor.
// Types only, so that client components may import them.
import type { DocumentErrorCode, DocumentFormat } from "@/grader/authoring";
import type { ValidationFailure } from "@/grader/problems";

export type { DocumentFormat };

/** A DocumentError as JSON: its code, the path shown as `parts[2].reference`, and every issue found. */
export interface DocumentErrorInfo {
  code: DocumentErrorCode;
  path: string;
  message: string;
  issues: { path: string; message: string }[];
}

/**
 * The outcome of running a document on many seeds, as `problems validate`
 * does. `failures` lists at most MAX_REPORTED_FAILURES, first seeds first;
 * `failureCount` counts them all.
 */
export type DocumentValidation =
  | { status: "valid"; slug: string; seeds: number; checks: number }
  | { status: "invalid-document"; error: DocumentErrorInfo }
  | { status: "failing-seeds"; slug: string; seeds: number; checks: number; failures: ValidationFailure[]; failureCount: number };

export const MAX_REPORTED_FAILURES = 20;

/** One published version of an authored problem. */
export interface AuthoredVersion {
  problemId: string;
  version: number;
  title: string;
  createdAt: string;
  /** null once the author's account is deleted. */
  createdBy: string | null;
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
