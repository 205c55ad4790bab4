import fc from "fast-check";
import { gradeCell } from "@/lib/gradebook/get-gradebook";
import type { StaffColumn } from "@/lib/gradebook/load-staff-assessment";
import type { AssessmentRules } from "@/lib/submissions/policy";

// The gradebook reads a cell's stored score instead of its per-part results
// when no part override needs them. That shortcut must give the score the
// student's own page computes from the parts (standingInfo), whatever the
// attempts, penalties, policy and whole-problem overrides.

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
});

const attempt = fc.record({
  partScores: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
  latePenalty: fc.constantFrom(0, 0.1, 0.25, 1),
});

describe("gradeCell", () => {
  it("gives the same score from the stored score as from the parts, with or without a whole-problem override", () => {
    fc.assert(
      fc.property(
        fc.array(attempt, { minLength: 0, maxLength: 5 }),
        fc.constantFrom("BEST" as const, "LAST" as const),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        (attempts, policy, wholeOverride) => {
          const submissions = attempts.map(({ partScores, latePenalty }, i) => {
            const earned = parts.reduce((sum, part, k) => sum + part.points * partScores[k], 0);
            return {
              attempt: i + 1,
              latePenalty,
              late: latePenalty > 0,
              score: (earned / totalPoints) * (1 - latePenalty),
              partResults: Object.fromEntries(parts.map((part, k) => [part.id, { score: partScores[k] }])),
            };
          });
          const overrides = wholeOverride === null ? [] : [{ partId: "", score: wholeOverride, comment: "by hand", createdAt: new Date(0) }];
          const lean = gradeCell(rules(policy), column, submissions.map(({ partResults: _p, ...s }) => s), overrides, false);
          const full = gradeCell(rules(policy), column, submissions, overrides, true);
          if (lean.score === null || full.score === null) return lean.score === full.score;
          // Both are sums of a few float64 products: equal to rounding.
          return Math.abs(lean.score - full.score) <= 1e-12 && Math.abs(lean.pointsEarned - full.pointsEarned) <= 1e-11;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
