import {
  applyOverrides,
  attemptsLeft,
  canStillEarnCredit,
  closedByTime,
  countedAttempt,
  countedScores,
  creditEndsAt,
  isPastCutoff,
  latenessAt,
  notYetOpen,
  partSettled,
  personalEndsAt,
  referencesRevealed,
  resultsHeld,
  resultsHeldUntil,
  scoreNeedsAllParts,
  shapeErrorUsesAttempt,
  timeLimitExpired,
  variantSeedFor,
  type AssessmentRules,
} from "@/lib/submissions/policy";

const due = new Date("2026-12-01T23:59:00Z");
const rules: AssessmentRules = {
  dueAt: due,
  attemptLimit: 3,
  latePenaltyPerDay: 0.1,
  lateCutoffAt: new Date("2026-12-08T23:59:00Z"),
  scoringPolicy: "BEST",
  revealPolicy: "AFTER_DUE",
  feedbackMode: "PRACTICE",
  handoutNumbers: false,
  exceptionsCloseAt: null,
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

  it("closes by time past the cut-off, or once the late penalty reaches 100 %", () => {
    expect(closedByTime(rules, minutes(1))).toBeNull();
    expect(closedByTime(rules, new Date("2026-12-09T00:00:00Z"))).toBe("cutoff");
    const noCutoff = { ...rules, lateCutoffAt: null };
    expect(closedByTime(noCutoff, minutes(9 * 24 * 60))).toBeNull();
    expect(closedByTime(noCutoff, minutes(9 * 24 * 60 + 1))).toBe("penalty");
    expect(closedByTime({ ...noCutoff, latePenaltyPerDay: 0 }, minutes(1e7))).toBeNull();
  });
});

// The reveal rule over its whole matrix: reveal policy × where the time is
// (due date, cut-off, penalty) × attempts. The expectations are the rule in
// words: a policy's moment must have come AND the student can no longer earn
// credit (no attempts left, past the cut-off, or a 100 % penalty).
describe("referencesRevealed over the matrix of policies, deadlines and attempts", () => {
  const DAY = 24 * 60;
  const times = [
    { name: "before the due date", rules: {}, at: minutes(-60), afterDue: false, closed: false },
    {
      name: "after the due date, no cut-off, 10 % a day (the demo)",
      rules: { lateCutoffAt: null },
      at: minutes(2 * DAY),
      afterDue: true,
      closed: false,
    },
    { name: "after the due date, before the cut-off", rules: {}, at: minutes(2 * DAY), afterDue: true, closed: false },
    { name: "past the cut-off", rules: {}, at: minutes(8 * DAY), afterDue: true, closed: true },
    { name: "late penalty at 100 %, no cut-off", rules: { lateCutoffAt: null }, at: minutes(9 * DAY + 1), afterDue: true, closed: true },
    { name: "late penalty at 90 %, no cut-off", rules: { lateCutoffAt: null }, at: minutes(9 * DAY), afterDue: true, closed: false },
    {
      name: "no due date and no cut-off",
      rules: { dueAt: null, lateCutoffAt: null },
      at: minutes(100 * DAY),
      afterDue: false,
      closed: false,
    },
  ] as const;
  const attempts = [
    { name: "attempts left", attemptLimit: 3, used: 2, usedUp: false },
    { name: "attempts used up", attemptLimit: 3, used: 3, usedUp: true },
    { name: "no attempt limit", attemptLimit: null, used: 40, usedUp: false },
  ] as const;
  const moment = {
    NEVER: () => false,
    AFTER_DUE: (afterDue: boolean) => afterDue,
    AFTER_LAST_ATTEMPT: (_afterDue: boolean, usedUp: boolean) => usedUp,
    AFTER_DUE_OR_LAST_ATTEMPT: (afterDue: boolean, usedUp: boolean) => afterDue || usedUp,
  } as const;
  const cases = (Object.keys(moment) as (keyof typeof moment)[]).flatMap((revealPolicy) =>
    times.flatMap((time) => attempts.map((attempt) => ({ revealPolicy, time, attempt }))),
  );

  it.each(cases.map((c) => [c.revealPolicy, c.time.name, c.attempt.name, c] as const))(
    "%s, %s, %s",
    (_p, _t, _a, { revealPolicy, time, attempt }) => {
      const effective: AssessmentRules = { ...rules, ...time.rules, attemptLimit: attempt.attemptLimit, revealPolicy };
      const canEarn = !attempt.usedUp && !time.closed;
      expect(canStillEarnCredit(effective, attempt.used, time.at)).toBe(canEarn);
      expect(referencesRevealed(effective, attempt.used, time.at)).toBe(!canEarn && moment[revealPolicy](time.afterDue, attempt.usedUp));
    },
  );

  it("never reveals while a submission could still earn credit", () => {
    for (const { revealPolicy, time, attempt } of cases) {
      const effective: AssessmentRules = { ...rules, ...time.rules, attemptLimit: attempt.attemptLimit, revealPolicy };
      if (referencesRevealed(effective, attempt.used, time.at)) expect(canStillEarnCredit(effective, attempt.used, time.at)).toBe(false);
    }
  });

  it("follows a per-student exception passed as the student's effective rules", () => {
    const demo: AssessmentRules = { ...rules, lateCutoffAt: new Date(due.getTime() + DAY * 60_000), revealPolicy: "AFTER_DUE" };
    const twoDaysLate = minutes(2 * DAY);
    expect(referencesRevealed(demo, 1, twoDaysLate)).toBe(true);
    // The same student with the cut-off moved a week later: still earning, so nothing is revealed.
    expect(referencesRevealed({ ...demo, lateCutoffAt: minutes(7 * DAY) }, 1, twoDaysLate)).toBe(false);
    // With attempts used up, extra attempts close it again.
    expect(referencesRevealed({ ...rules, revealPolicy: "AFTER_LAST_ATTEMPT" }, 3, minutes(-60))).toBe(true);
    expect(referencesRevealed({ ...rules, revealPolicy: "AFTER_LAST_ATTEMPT", attemptLimit: 5 }, 3, minutes(-60))).toBe(false);
  });
});

describe("creditEndsAt", () => {
  it.each([0.1, 0.25, 0.3, 1 / 3, 0.07, 0.5, 1, 1.5])("is the last instant a %f-a-day penalty is below 100 %", (latePenaltyPerDay) => {
    const noCutoff = { ...rules, lateCutoffAt: null, latePenaltyPerDay };
    const ends = creditEndsAt(noCutoff)!;
    expect(latenessAt(noCutoff, ends).penalty).toBeLessThan(1);
    expect(latenessAt(noCutoff, new Date(ends.getTime() + 1)).penalty).toBe(1);
    expect(canStillEarnCredit(noCutoff, 0, ends)).toBe(true);
    expect(canStillEarnCredit(noCutoff, 0, new Date(ends.getTime() + 1))).toBe(false);
  });

  it("is the cut-off when that comes first, and null when credit never ends", () => {
    expect(creditEndsAt(rules)).toEqual(new Date("2026-12-08T23:59:00Z"));
    expect(creditEndsAt({ ...rules, latePenaltyPerDay: 0.5 })).toEqual(minutes(24 * 60));
    expect(creditEndsAt({ ...rules, lateCutoffAt: null, latePenaltyPerDay: 0 })).toBeNull();
    expect(creditEndsAt({ ...rules, dueAt: null, lateCutoffAt: null })).toBeNull();
  });
});

describe("partSettled", () => {
  it("is settled once answered correctly, or once no credit can be earned, and not before", () => {
    expect(partSettled(rules, 1, minutes(-60), false)).toBe(false);
    expect(partSettled(rules, 1, minutes(-60), true)).toBe(true);
    expect(partSettled(rules, 3, minutes(-60), false)).toBe(true);
    expect(partSettled(rules, 1, new Date("2026-12-09T00:00:00Z"), false)).toBe(true);
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
    expect(
      applyOverrides(parts, { partScores: { a: 1, b: 1 }, lateFactor: 1 }, [{ partId: "", score: 0.25, createdAt: at("1") }]).score,
    ).toBe(0.25);
  });

  it("gives no score without submission or override, and an override's score without a submission", () => {
    expect(applyOverrides(parts, null, [])).toEqual({ score: null, partScores: {} });
    expect(applyOverrides(parts, null, [{ partId: "b", score: 1, createdAt: at("1") }])).toEqual({ score: 0.75, partScores: { b: 1 } });
  });
});

describe("countedScores", () => {
  const parts = [
    { id: "a", points: 1 },
    { id: "b", points: 3 },
  ];
  const perPart = { ...rules, scoringPolicy: "BEST_PER_PART" as const };
  const attempts = [
    { attempt: 1, score: 0.25, latePenalty: 0, partScores: { a: 1, b: 0 } },
    { attempt: 2, score: 0.75, latePenalty: 0, partScores: { a: 0, b: 1 } },
  ];

  it("keeps each part's best over the attempts under BEST_PER_PART, where the best whole submission would lose a part", () => {
    expect(countedScores(perPart, attempts)).toEqual({ partScores: { a: 1, b: 1 }, lateFactor: 1 });
    expect(applyOverrides(parts, countedScores(perPart, attempts), []).score).toBe(1);
    expect(applyOverrides(parts, countedScores(rules, attempts), []).score).toBe(0.75);
  });

  it("takes each part's best after its own submission's late penalty", () => {
    const late = [
      { attempt: 1, score: 0.25, latePenalty: 0, partScores: { a: 0.5, b: 0 } },
      { attempt: 2, score: 0.7, latePenalty: 0.3, partScores: { a: 0.6, b: 1 } },
    ];
    // a: 0.5 on time beats 0.6 × 0.7 = 0.42 late; b: only the late 1 × 0.7.
    expect(countedScores(perPart, late)).toEqual({ partScores: { a: 0.5, b: 0.7 }, lateFactor: 1 });
    expect(applyOverrides(parts, countedScores(perPart, late), []).score).toBeCloseTo((0.5 + 3 * 0.7) / 4, 15);
  });

  it("lets a part override replace that part's best, and a whole-problem override the total", () => {
    const counted = countedScores(perPart, attempts);
    const at = new Date("2026-12-02T00:00:00Z");
    expect(applyOverrides(parts, counted, [{ partId: "b", score: 0.5, createdAt: at }])).toEqual({
      score: (1 + 1.5) / 4,
      partScores: { a: 1, b: 0.5 },
    });
    expect(applyOverrides(parts, counted, [{ partId: "", score: 0.1, createdAt: at }]).score).toBe(0.1);
  });

  it("is the counted submission's parts and late factor under BEST and LAST, and nothing before a submission", () => {
    const late = [{ attempt: 1, score: 0.45, latePenalty: 0.1, partScores: { a: 1, b: 0.2 } }, ...attempts];
    expect(countedScores(rules, late)).toEqual({ partScores: { a: 0, b: 1 }, lateFactor: 1 });
    expect(countedScores({ ...rules, scoringPolicy: "LAST" }, [late[1], late[0]])).toEqual({
      partScores: { a: 1, b: 0.2 },
      lateFactor: 0.9,
    });
    expect(countedScores(perPart, [])).toBeNull();
    expect(scoreNeedsAllParts(perPart)).toBe(true);
    expect(scoreNeedsAllParts(rules)).toBe(false);
  });
});

describe("feedback modes and handout numbers", () => {
  it("uses an attempt for a wrong-shape answer in homework, not in practice", () => {
    expect(shapeErrorUsesAttempt({ feedbackMode: "HOMEWORK" })).toBe(true);
    expect(shapeErrorUsesAttempt({ feedbackMode: "PRACTICE" })).toBe(false);
  });

  it("draws the handout's seed 0 for everyone when the assessment gives its numbers, else the student's own", () => {
    expect(variantSeedFor({ handoutNumbers: true }, 123_456)).toBe(0);
    expect(variantSeedFor({ handoutNumbers: false }, 123_456)).toBe(123_456);
  });
});

describe("resultsHeld (exam mode)", () => {
  const exam: AssessmentRules = { ...rules, feedbackMode: "EXAM", revealPolicy: "AFTER_DUE_OR_LAST_ATTEMPT" };
  const cutoff = exam.lateCutoffAt!;

  it("holds an exam's results until its cut-off has passed, and releases them just after", () => {
    expect(resultsHeld(exam, minutes(-60))).toBe(true);
    expect(resultsHeld(exam, cutoff)).toBe(true);
    expect(resultsHeld(exam, new Date(cutoff.getTime() + 1))).toBe(false);
    expect(resultsHeldUntil(exam, minutes(-60))).toEqual(cutoff);
    expect(resultsHeldUntil(exam, new Date(cutoff.getTime() + 1))).toBeNull();
  });

  it("releases them when the late penalty reaches 100 % before any cut-off", () => {
    const noCutoff: AssessmentRules = { ...exam, lateCutoffAt: null, latePenaltyPerDay: 0.5 };
    // 50 % a day: the second started day removes it all.
    expect(resultsHeld(noCutoff, minutes(24 * 60))).toBe(true);
    expect(resultsHeld(noCutoff, minutes(24 * 60 + 1))).toBe(false);
    expect(resultsHeldUntil(noCutoff, minutes(-1))).toEqual(minutes(24 * 60));
  });

  it("holds them past the own cut-off until every exception's later close has passed too", () => {
    const later = new Date(cutoff.getTime() + 60 * 60_000);
    const withException: AssessmentRules = { ...exam, exceptionsCloseAt: later };
    expect(resultsHeld(withException, new Date(cutoff.getTime() + 1))).toBe(true);
    expect(resultsHeldUntil(withException, new Date(cutoff.getTime() + 1))).toEqual(later);
    expect(referencesRevealed(withException, 3, new Date(cutoff.getTime() + 1))).toBe(false);
    expect(partSettled(withException, 3, later, false)).toBe(false);
    expect(resultsHeld(withException, new Date(later.getTime() + 1))).toBe(false);
    expect(referencesRevealed(withException, 3, new Date(later.getTime() + 1))).toBe(true);
    // A close earlier than the own one changes nothing.
    expect(resultsHeld({ ...exam, exceptionsCloseAt: minutes(-60) }, new Date(cutoff.getTime() + 1))).toBe(false);
  });

  it("never holds practice or homework results", () => {
    expect(resultsHeld({ ...exam, feedbackMode: "HOMEWORK" }, minutes(-60))).toBe(false);
    expect(resultsHeld({ ...exam, feedbackMode: "PRACTICE" }, minutes(-60))).toBe(false);
  });

  it("keeps references hidden after the last attempt until the exam closes, then shows them", () => {
    expect(referencesRevealed(exam, 3, minutes(-60))).toBe(false);
    expect(referencesRevealed(exam, 3, minutes(60))).toBe(false);
    expect(referencesRevealed(exam, 3, new Date(cutoff.getTime() + 1))).toBe(true);
    // The same student in homework would see them once the attempts are used up.
    expect(referencesRevealed({ ...exam, feedbackMode: "HOMEWORK" }, 3, minutes(-60))).toBe(true);
  });

  it("settles no part while results are held, not even one answered correctly", () => {
    expect(partSettled(exam, 1, minutes(-60), true)).toBe(false);
    expect(partSettled(exam, 3, minutes(-60), false)).toBe(false);
    expect(partSettled(exam, 1, new Date(cutoff.getTime() + 1), false)).toBe(true);
  });

  it("uses an attempt for a wrong-shape answer, as homework does", () => {
    expect(shapeErrorUsesAttempt(exam)).toBe(true);
  });
});

describe("opening times and time limits", () => {
  const start = new Date("2026-12-10T10:00:00Z");
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

  it("keeps students out until the opening time, and not at all without one", () => {
    expect(notYetOpen({ opensAt: start }, at(-0.001))).toBe(true);
    expect(notYetOpen({ opensAt: start }, start)).toBe(false);
    expect(notYetOpen({ opensAt: null }, at(-1000))).toBe(false);
  });

  it("ends a student's time at their start plus the limit, never after the cut-off", () => {
    expect(personalEndsAt({ timeLimitMinutes: 30, lateCutoffAt: null }, start)).toEqual(at(30));
    expect(personalEndsAt({ timeLimitMinutes: 30, lateCutoffAt: at(20) }, start)).toEqual(at(20));
    expect(personalEndsAt({ timeLimitMinutes: 30, lateCutoffAt: at(60) }, start)).toEqual(at(30));
  });

  it("has no personal end without a limit or before the student starts", () => {
    expect(personalEndsAt({ timeLimitMinutes: null, lateCutoffAt: at(60) }, start)).toBeNull();
    expect(personalEndsAt({ timeLimitMinutes: 30, lateCutoffAt: null }, null)).toBeNull();
  });

  it("extends the end by an allowance (time multiplier and extra minutes), still capped by the cut-off", () => {
    const window = { timeLimitMinutes: 60, lateCutoffAt: null };
    expect(personalEndsAt(window, start, { multiplier: 1.5, extraMinutes: 10 })).toEqual(at(100));
    expect(personalEndsAt({ ...window, lateCutoffAt: at(80) }, start, { multiplier: 2, extraMinutes: 0 })).toEqual(at(80));
  });

  it("counts a submission exactly at the end as in time", () => {
    expect(timeLimitExpired(at(30), at(30))).toBe(false);
    expect(timeLimitExpired(at(30), new Date(at(30).getTime() + 1))).toBe(true);
    expect(timeLimitExpired(null, at(10_000))).toBe(false);
  });
});
