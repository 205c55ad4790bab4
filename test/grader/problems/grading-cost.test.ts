/**
 * gradingCost: the estimate, made before anything is evaluated, that decides
 * whether a submission is graded on the request thread
 * (lib/grading/grade-answers.ts). It must grow with the work an answer
 * causes, agree with the grader's own cap on a formula's cost, and leave
 * the grade itself unchanged.
 */
import { getBankProblem } from "../../../grader/bank";
import { READING_COST_PER_CHARACTER } from "../../../grader/answers";
import { DEFAULT_LIMITS } from "../../../grader/expr";
import { buildVariant, gradeSubmission, gradingCost, type Answers } from "../../../grader/problems";

const variant = buildVariant(getBankProblem("nn-backprop"), 3);
const LOAD_ANSWERS: Answers = {
  "d.dW0": "(W1.T * z * (1 - z)) @ x.T",
  "d.db0": "W1.T * z * (1 - z)",
  "a.y": "W1 @ z + b1",
  "b.db1": "1",
};
const characters = (answers: Answers) => Object.values(answers).reduce((total: number, raw) => total + String(raw).length, 0);

/** A formula that multiplies the part's matrices `times` more times than its reference does, to the same value. */
const heavierDz = (times: number) => `${"W1.T @ W1 @ W1.T @ W1 @ ".repeat(times)}W1.T * 0 + W1.T`;

describe("gradingCost", () => {
  it("counts a formula's evaluation on its instances beside reading its characters", () => {
    const cost = gradingCost(variant, LOAD_ANSWERS);
    expect(cost).toBeGreaterThan(READING_COST_PER_CHARACTER * characters(LOAD_ANSWERS));
  });

  it("grows with the matrix products a formula asks for", () => {
    const costs = [1, 4, 16].map((times) => gradingCost(variant, { "c.dz": heavierDz(times) }));
    expect(costs[1]).toBeGreaterThan(costs[0]);
    expect(costs[2]).toBeGreaterThan(costs[1]);
  });

  it("puts a formula the grader refuses as too costly over the grader's cap", () => {
    const costly = "ones(h, 2000) @ ones(2000, 2000) @ ones(2000, 1) * 0 + W1.T";
    const grade = gradeSubmission(variant, { "c.dz": costly });
    expect(grade.parts.find((part) => part.id === "c.dz")?.feedback).toMatch(/too costly to evaluate/);
    expect(gradingCost(variant, { "c.dz": costly })).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it("counts a pasted matrix by its characters, whether typed as text or sent as nested lists", () => {
    const reference = variant.parts.find((part) => part.id === "e.dW0")!.reference as number[][];
    const text = JSON.stringify(reference);
    expect(gradingCost(variant, { "e.dW0": text })).toBe(READING_COST_PER_CHARACTER * text.length);
    expect(gradingCost(variant, { "e.dW0": reference })).toBeGreaterThanOrEqual(READING_COST_PER_CHARACTER * text.length);
  });

  it("costs nothing for parts left empty, and leaves parts the variant lacks to gradeSubmission's refusal", () => {
    expect(gradingCost(variant, { "a.y": "", "b.db1": null as never, "z.nope": "W1" })).toBe(0);
    expect(() => gradeSubmission(variant, { "z.nope": "W1" })).toThrow(/unknown part z\.nope/);
  });

  it("gives the same grade after an estimate as without one, and never lends one answer's reading to another", () => {
    const fresh = buildVariant(getBankProblem("nn-backprop"), 4);
    const alone = gradeSubmission(buildVariant(getBankProblem("nn-backprop"), 4), LOAD_ANSWERS);
    gradingCost(fresh, LOAD_ANSWERS);
    expect(gradeSubmission(fresh, LOAD_ANSWERS)).toStrictEqual(alone);
    // Estimated for one answer, then graded for another on the same part: each is read as itself.
    gradingCost(fresh, { "a.y": "W1 @ z" });
    const other = gradeSubmission(fresh, { "a.y": "W1 @ z + b1" });
    expect(other.parts.find((part) => part.id === "a.y")?.score).toBe(1);
    gradingCost(fresh, { "a.y": "W1 @ z + b1" });
    expect(gradeSubmission(fresh, { "a.y": "W1 @ z" }).parts.find((part) => part.id === "a.y")?.score).toBe(0);
  });
});
