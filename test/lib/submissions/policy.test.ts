import { applyOverrides, attemptsLeft, countedAttempt, isPastCutoff, latenessAt, referencesRevealed, type AssessmentRules } from "@/lib/submissions/policy";

const due = new Date("2026-12-01T23:59:00Z");
const rules: AssessmentRules = {
  dueAt: due,
  attemptLimit: 3,
  latePenaltyPerDay: 0.1,
  lateCutoffAt: new Date("2026-12-08T23:59:00Z"),
  scoringPolicy: "BEST",
  revealPolicy: "AFTER_DUE",
};
const minutes = (n: number) => new Date(due.getTime() + n * 60_000);

describe("latenessAt", () => {
  it("is on time up to and including the due instant", () => {
    expect(latenessAt(rules, due)).toEqual({ late: false, penalty: 0 });
  });

  it("charges a whole day for every started day late", () => {
    expect(latenessAt(rules, minutes(1))).toEqual({ late: true, penalty: 0.1 });
    expect(latenessAt(rules, minutes(24 * 60))).toEqual({ late: true, penalty: 0.1 });
    expect(latenessAt(rules, minutes(24 * 60 + 1)).penalty).toBeCloseTo(0.2, 15);
  });

  it("never removes more than the whole score", () => {
    expect(latenessAt(rules, minutes(60 * 24 * 30)).penalty).toBe(1);
  });

  it("is never late without a due date", () => {
    expect(latenessAt({ ...rules, dueAt: null }, minutes(1e6))).toEqual({ late: false, penalty: 0 });
  });
});

describe("cut-off, attempts and reveal", () => {
  it("closes after the cut-off only", () => {
    expect(isPastCutoff(rules, new Date("2026-12-08T23:59:00Z"))).toBe(false);
    expect(isPastCutoff(rules, new Date("2026-12-09T00:00:00Z"))).toBe(true);
    expect(isPastCutoff({ ...rules, lateCutoffAt: null }, new Date("2099-01-01"))).toBe(false);
  });

  it("counts attempts left, unlimited when there is no limit", () => {
    expect(attemptsLeft(rules, 1)).toBe(2);
    expect(attemptsLeft(rules, 5)).toBe(0);
    expect(attemptsLeft({ ...rules, attemptLimit: null }, 99)).toBeNull();
  });

  it.each([
    ["NEVER", 3, minutes(1), false],
    ["AFTER_DUE", 3, minutes(0), false],
    ["AFTER_DUE", 0, minutes(1), true],
    ["AFTER_LAST_ATTEMPT", 2, minutes(1), false],
    ["AFTER_LAST_ATTEMPT", 3, minutes(-100), true],
    ["AFTER_DUE_OR_LAST_ATTEMPT", 3, minutes(-100), true],
    ["AFTER_DUE_OR_LAST_ATTEMPT", 0, minutes(1), true],
    ["AFTER_DUE_OR_LAST_ATTEMPT", 0, minutes(-1), false],
  ] as const)("reveals references under %s with %d attempts used: %s", (revealPolicy, used, at, expected) => {
    expect(referencesRevealed({ ...rules, revealPolicy }, used, at)).toBe(expected);
  });
});

describe("countedAttempt", () => {
  const attempts = [
    { attempt: 1, score: 0.5 },
    { attempt: 2, score: 0.9 },
    { attempt: 3, score: 0.9 },
    { attempt: 4, score: 0.2 },
  ];

  it("counts the best, the earliest of equal bests", () => {
    expect(countedAttempt(rules, attempts)).toEqual({ attempt: 2, score: 0.9 });
  });

  it("counts the last under LAST, whatever its score", () => {
    expect(countedAttempt({ ...rules, scoringPolicy: "LAST" }, attempts)).toEqual({ attempt: 4, score: 0.2 });
  });

  it("counts nothing before the first submission", () => {
    expect(countedAttempt(rules, [])).toBeNull();
  });
});

describe("applyOverrides", () => {
  const parts = [
    { id: "a", points: 1 },
    { id: "b", points: 3 },
  ];
  const at = (s: string) => new Date(`2026-12-0${s}T00:00:00Z`);

  it("weights part scores by points and applies the late factor", () => {
    expect(applyOverrides(parts, { partScores: { a: 1, b: 0.5 }, lateFactor: 0.8 }, [])).toEqual({
      score: (1 * 0.8 + 3 * 0.4) / 4,
      partScores: { a: 0.8, b: 0.4 },
    });
  });

  it("replaces a part's score with its newest override", () => {
    const standing = applyOverrides(parts, { partScores: { a: 0, b: 1 }, lateFactor: 1 }, [
      { partId: "a", score: 0.5, createdAt: at("2") },
      { partId: "a", score: 1, createdAt: at("3") },
    ]);
    expect(standing).toEqual({ score: 1, partScores: { a: 1, b: 1 } });
  });

  it("lets a whole-problem override decide the total", () => {
    expect(applyOverrides(parts, { partScores: { a: 1, b: 1 }, lateFactor: 1 }, [{ partId: "", score: 0.25, createdAt: at("1") }]).score).toBe(0.25);
  });

  it("gives no score without submission or override, and an override's score without a submission", () => {
    expect(applyOverrides(parts, null, [])).toEqual({ score: null, partScores: {} });
    expect(applyOverrides(parts, null, [{ partId: "b", score: 1, createdAt: at("1") }])).toEqual({ score: 0.75, partScores: { b: 1 } });
  });
});
