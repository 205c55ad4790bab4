import type { AnyProblem } from "../problems/types";

/**
 * A problem set: one folder under grader/bank, one handout's worth of
 * problems in the handout's order. The demo course gets an assessment per
 * set that has `demo` set (lib/seed/seed-demo.ts).
 */
export interface ProblemSet {
  /** The folder name, also the demo assessment's slug: "section-08". */
  slug: string;
  title: string;
  /** One sentence for the assessment list. */
  description: string;
  problems: readonly AnyProblem[];
  /** Whether the demo course gets an assessment of this set. */
  demo: boolean;
}
