/**
 * The problem bank: every file-based problem, by slug. Slugs are global and
 * stable; a problem's folder is its problem set, and each set's index.ts
 * lists its problems in the handout's order. A problem is TypeScript or a
 * problem document (*.json), compiled by grader/authoring into the same
 * format when the bank loads.
 */
import type { AnyProblem } from "../problems/types";
import { ProblemError } from "../problems/errors";
import type { ProblemSet } from "./problem-set";
import { SECTION_07 } from "./section-07";
import { SECTION_08 } from "./section-08";
import { SECTION_09 } from "./section-09";
import { SECTION_10 } from "./section-10";
import { EXAMPLES } from "./examples";
import { REASONING } from "./reasoning";

export type { ProblemSet } from "./problem-set";

export interface BankEntry {
  /** The folder under grader/bank (the problem set). */
  set: string;
  problem: AnyProblem;
}

/** In course order. */
export const PROBLEM_SETS: readonly ProblemSet[] = [SECTION_07, SECTION_08, SECTION_09, SECTION_10, REASONING, EXAMPLES];

/** Every problem, in the order of its set. */
export const BANK: readonly BankEntry[] = PROBLEM_SETS.flatMap((set) => set.problems.map((problem) => ({ set: set.slug, problem })));

const bySlug = new Map(BANK.map((entry) => [entry.problem.slug, entry]));
if (bySlug.size !== BANK.length) throw new Error("two bank problems share a slug");

export function findBankProblem(slug: string): AnyProblem | undefined {
  return bySlug.get(slug)?.problem;
}

export function getBankProblem(slug: string): AnyProblem {
  const problem = findBankProblem(slug);
  if (!problem) {
    throw new ProblemError("UNKNOWN_PROBLEM", `no problem "${slug}" in the bank; known: ${[...bySlug.keys()].join(", ")}`);
  }
  return problem;
}

/** The bank pointer stored in a Problem row's definition: `section-07/chain-rule`. */
export function bankPath(slug: string): string {
  const entry = bySlug.get(slug);
  if (!entry) throw new ProblemError("UNKNOWN_PROBLEM", `no problem "${slug}" in the bank`);
  return `${entry.set}/${slug}`;
}
