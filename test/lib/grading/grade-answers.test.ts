/**
 * gradeAnswers: a cheap bank submission is graded on the request thread,
 * anything dearer, and any authored problem, in the real grading pool; the
 * grade is the same either way. The pool's own entry point is wrapped only
 * to count the gradings that reach it.
 */
import { getBankProblem } from "@/grader/bank";
import { buildVariant, gradeSubmission, gradingCost, ProblemError, type Answers } from "@/grader/problems";
import type { ProblemRow } from "@/grader/stored";
import { gradeAnswers } from "@/lib/grading/grade-answers";
import { closeGradingPool, gradeOffThread } from "@/lib/grading/grade-off-thread";
import { processPageLoads } from "@/lib/http/page-loads";
import { SETTINGS } from "@/lib/settings";
import { authoredProblem, authoredRow, bankRow } from "../../support/problem-rows";

jest.mock("@/lib/grading/grade-off-thread", () => {
  const actual = jest.requireActual("@/lib/grading/grade-off-thread");
  return { ...actual, gradeOffThread: jest.fn(actual.gradeOffThread) };
});
const pooled = gradeOffThread as jest.MockedFunction<typeof gradeOffThread>;

// Gradings that reach the pool run in real worker threads, which take up to a second to start on a loaded machine.
jest.setTimeout(120_000);

const nnBackpropRow = bankRow("nn-backprop");
const SEED = 5;
const variant = buildVariant(getBankProblem("nn-backprop"), SEED);

const LOAD_ANSWERS: Answers = {
  "d.dW0": "(W1.T * z * (1 - z)) @ x.T",
  "d.db0": "W1.T * z * (1 - z)",
  "a.y": "W1 @ z + b1",
  "b.db1": "1",
};
/** Within the expression cap, over the default inline budget: a million multiply-adds on each instance. */
const DEARER_ANSWERS: Answers = { "c.dz": "exp(ones(h, 5000) @ ones(5000, 1))" };

const grade = (answers: Answers, problem: ProblemRow = nnBackpropRow, built = variant) =>
  gradeAnswers({ problem, seed: SEED, answers, variant: built });

describe("gradeAnswers", () => {
  const budgetBefore = process.env[SETTINGS.inlineGradingBudget.name];
  beforeEach(() => pooled.mockClear());
  afterEach(() => {
    if (budgetBefore === undefined) delete process.env[SETTINGS.inlineGradingBudget.name];
    else process.env[SETTINGS.inlineGradingBudget.name] = budgetBefore;
  });
  afterAll(() => closeGradingPool());

  it("grades a cheap bank submission here, with the grade the grader gives", async () => {
    expect(gradingCost(variant, LOAD_ANSWERS)).toBeLessThanOrEqual(SETTINGS.inlineGradingBudget.fallback);
    expect(await grade(LOAD_ANSWERS)).toStrictEqual(gradeSubmission(variant, LOAD_ANSWERS));
    expect(pooled).not.toHaveBeenCalled();
  });

  it("sends a submission estimated over the budget to the pool, and grades it the same", async () => {
    expect(gradingCost(variant, DEARER_ANSWERS)).toBeGreaterThan(SETTINGS.inlineGradingBudget.fallback);
    expect(await grade(DEARER_ANSWERS)).toStrictEqual(gradeSubmission(variant, DEARER_ANSWERS));
    expect(pooled).toHaveBeenCalledTimes(1);
  });

  it("sends every submission to the pool when the budget is 0", async () => {
    process.env[SETTINGS.inlineGradingBudget.name] = "0";
    expect(await grade(LOAD_ANSWERS)).toStrictEqual(gradeSubmission(variant, LOAD_ANSWERS));
    expect(pooled).toHaveBeenCalledTimes(1);
  });

  it("grades in the pool, at its lower priority, while a page renders, and here again once it has", async () => {
    const endPage = processPageLoads().begin();
    try {
      expect(await grade(LOAD_ANSWERS)).toStrictEqual(gradeSubmission(variant, LOAD_ANSWERS));
      expect(pooled).toHaveBeenCalledTimes(1);
    } finally {
      endPage();
    }
    await grade(LOAD_ANSWERS);
    expect(pooled).toHaveBeenCalledTimes(1);
  });

  it("grades an authored problem in the pool however cheap its answers", async () => {
    const built = buildVariant(authoredProblem, SEED);
    const answers: Answers = { [built.parts[0].id]: "1" };
    expect(await grade(answers, authoredRow, built)).toStrictEqual(gradeSubmission(built, answers));
    expect(pooled).toHaveBeenCalledTimes(1);
  });

  it("refuses a part the problem does not have here as the pool would, as a ProblemError naming it", async () => {
    await expect(grade({ "z.nope": "1" })).rejects.toThrow(ProblemError);
    await expect(grade({ "z.nope": "1" })).rejects.toThrow(/unknown part z\.nope/);
    expect(pooled).not.toHaveBeenCalled();
  });
});
