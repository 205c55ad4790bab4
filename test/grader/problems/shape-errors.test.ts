import { getBankProblem } from "@/grader/bank";
import { buildVariant, gradeShapeErrorsAsWrong, gradeSubmission } from "@/grader/problems";

// Homework and exam modes grade an answer that was read but has the wrong
// shape as wrong (lib/submissions/policy.ts shapeErrorUsesAttempt); an
// answer that cannot be read stays invalid in every mode.

const chainRule = buildVariant(getBankProblem("chain-rule"), 0);

describe("gradeShapeErrorsAsWrong", () => {
  it("grades chain-rule 1(a)'s Jg @ Jf (wrong order) as wrong with its shape feedback, and groups equal spellings", () => {
    const plain = gradeSubmission(chainRule, { "a.formula": "Jg @ Jf" });
    expect(plain.invalidParts).toEqual(["a.formula"]);
    const graded = gradeShapeErrorsAsWrong(plain, { "a.formula": "Jg @ Jf" });
    expect(graded.invalidParts).toEqual([]);
    const part = graded.parts.find((p) => p.id === "a.formula")!;
    expect(part).toMatchObject({ score: 0, feedback: expect.stringMatching(/columns of the left/) });
    expect(part.result).toMatchObject({ status: "graded", correct: false, fingerprint: expect.stringMatching(/^t/) });
    const respelled = gradeShapeErrorsAsWrong(gradeSubmission(chainRule, { "a.formula": "Jg@Jf" }), { "a.formula": "Jg@Jf" });
    const again = respelled.parts.find((p) => p.id === "a.formula")!.result;
    expect(again?.status === "graded" && again.fingerprint).toBe(part.result?.status === "graded" && part.result.fingerprint);
  });

  it("leaves an unreadable answer invalid and a correct one correct", () => {
    const answers = { "a.formula": "Jf @@ Jg", "a.dims": "m x l" };
    const graded = gradeShapeErrorsAsWrong(gradeSubmission(chainRule, answers), answers);
    expect(graded.invalidParts).toEqual(["a.formula"]);
    expect(graded.parts.find((p) => p.id === "a.dims")).toMatchObject({ score: 1 });
  });
});
