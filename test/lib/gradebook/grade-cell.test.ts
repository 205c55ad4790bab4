import fc from "fast-check";
import { gradeCell } from "@/lib/gradebook/get-gradebook";
import { needsParts } from "@/lib/gradebook/grade-rows";
import type { StaffColumn } from "@/lib/gradebook/load-staff-assessment";
import type { AssessmentRules } from "@/lib/submissions/policy";

// The gradebook reads a cell's stored score instead of its per-part results
// when no part override needs them (none, or all hidden by a whole-problem
// override). That shortcut must give the score the student's own page
// computes from the parts (standingInfo), whatever the attempts, penalties,
// policy and overrides, including overrides made at the same instant.

const parts = [
  { id: "a", points: 1 },
  { id: "b", points: 3 },
  { id: "c", points: 2 },
];
const totalPoints = parts.reduce((sum, p) => sum + p.points, 0);
const column = { assessmentProblemId: "ap", slug: "p", title: "P", position: 0, points: 10, parts } as unknown as StaffColumn;
const rules = (scoringPolicy: "BEST" | "LAST"): AssessmentRules => ({
  dueAt: null,
  attemptLimit: null,
  latePenaltyPerDay: 0,
  lateCutoffAt: null,
  scoringPolicy,
  revealPolicy: "NEVER",
  feedbackMode: "PRACTICE",
  handoutNumbers: false,
  exceptionsCloseAt: null,
});

const attempt = fc.record({
  partScores: fc.tuple(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ),
  latePenalty: fc.constantFrom(0, 0.1, 0.25, 1),
});

/** Overrides of the whole problem ("") or of a part, at one of three instants (so that some are equally new). */
const override = fc.record({
  partId: fc.constantFrom("", "", "a", "b", "c"),
  score: fc.double({ min: 0, max: 1, noNaN: true }),
  createdAt: fc.constantFrom(0, 1, 2).map((t) => new Date(t)),
});

describe("gradeCell", () => {
  it("gives the same score from the stored score as from the parts, with or without a whole-problem override", () => {
    fc.assert(
      fc.property(
        fc.array(attempt, { minLength: 0, maxLength: 5 }),
        fc.constantFrom("BEST" as const, "LAST" as const),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        (attempts, policy, wholeOverride) => {
          const overrides =
            wholeOverride === null ? [] : [{ partId: "", score: wholeOverride, comment: "by hand", createdAt: new Date(0) }];
          return leanEqualsFull(policy, submissionsOf(attempts), overrides);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("agrees with the stored score when a whole-problem override hides part overrides, the first seen of equally new ones counting", () => {
    fc.assert(
      fc.property(
        fc.array(attempt, { minLength: 0, maxLength: 4 }),
        fc.constantFrom("BEST" as const, "LAST" as const),
        override.map((o) => ({ ...o, partId: "" })),
        fc.array(override, { minLength: 0, maxLength: 5 }),
        fc.nat(),
        (attempts, policy, whole, others, at) => {
          const drawn: Omit<Override, "comment">[] = [...others];
          drawn.splice(at % (others.length + 1), 0, whole);
          const overrides = drawn.map((o) => ({ ...o, comment: "by hand" }));
          return !needsParts(overrides) && leanEqualsFull(policy, submissionsOf(attempts), overrides);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

type Submission = { attempt: number; latePenalty: number; late: boolean; score: number; partResults: Record<string, { score: number }> };
type Override = { partId: string; score: number; comment: string; createdAt: Date };

/** Submissions as the grader stores them: the score is the parts weighted by points, times the late factor. */
function submissionsOf(attempts: { partScores: [number, number, number]; latePenalty: number }[]): Submission[] {
  return attempts.map(({ partScores, latePenalty }, i) => {
    const earned = parts.reduce((sum, part, k) => sum + part.points * partScores[k], 0);
    return {
      attempt: i + 1,
      latePenalty,
      late: latePenalty > 0,
      score: (earned / totalPoints) * (1 - latePenalty),
      partResults: Object.fromEntries(parts.map((part, k) => [part.id, { score: partScores[k] }])),
    };
  });
}

/** The cell graded from stored scores only (no part results at all) equals the cell graded from the parts. */
function leanEqualsFull(policy: "BEST" | "LAST", submissions: Submission[], overrides: Override[]): boolean {
  const lean = gradeCell(
    rules(policy),
    column,
    submissions.map(({ partResults: _p, ...s }) => s),
    overrides,
    false,
  );
  const full = gradeCell(rules(policy), column, submissions, overrides, true);
  if (lean.score === null || full.score === null) return lean.score === full.score;
  // Both are sums of a few float64 products: equal to rounding.
  return Math.abs(lean.score - full.score) <= 1e-12 && Math.abs(lean.pointsEarned - full.pointsEarned) <= 1e-11;
}
