import { AnswerErrorCode, answerSpecSchema, gradeAnswer, parseAnswer, rubricScore, type SpecOf } from "@/grader/answers";
import { compileDocument, DocumentError } from "@/grader/authoring";
import { findBankProblem } from "@/grader/bank";
import { buildVariant, gradeSubmission, validateProblem } from "@/grader/problems";

const spec = answerSpecSchema.parse({
  kind: "freeText",
  maxLength: 40,
  rubric: [
    { id: "a", label: "names the gradient", points: 1 },
    { id: "b", label: "argues by induction", points: 2 },
  ],
}) as SpecOf<"freeText">;

describe("the free-text answer kind", () => {
  it("keeps the text as typed, line endings made uniform and the ends trimmed", () => {
    expect(parseAnswer(spec, "  one\r\ntwo  ")).toEqual({ ok: true, value: "one\ntwo" });
  });

  it("marks a readable answer as needing grading, with no automatic score", () => {
    const result = gradeAnswer(spec, "<script>alert(1)</script>", null);
    expect(result.status).toBe("needsGrading");
    expect(result.score).toBe(0);
    expect(result.feedback).toMatch(/course staff will grade it/);
  });

  it("refuses an answer longer than the part's limit, naming both lengths", () => {
    const result = gradeAnswer(spec, "x".repeat(41), null);
    expect(result.status).toBe("invalid");
    expect(result.status === "invalid" && result.error.code).toBe(AnswerErrorCode.TooLong);
    expect(result.feedback).toBe("the answer is 41 characters long; this part takes at most 40");
  });

  it("refuses blank text as no answer", () => {
    expect(gradeAnswer(spec, "   \n ", null).status).toBe("invalid");
  });

  it("scores a rubric as the checked items' points over the part's points, capped at full credit", () => {
    expect(rubricScore(spec, ["a"], 3)).toBeCloseTo(1 / 3, 12);
    expect(rubricScore(spec, ["a", "b"], 2)).toBe(1);
    expect(rubricScore(spec, [], 3)).toBe(0);
    expect(rubricScore(spec, ["unknown"], 3)).toBe(0);
  });

  it("refuses a rubric whose item ids repeat", () => {
    const parsed = answerSpecSchema.safeParse({
      kind: "freeText",
      rubric: [
        { id: "a", label: "x", points: 1 },
        { id: "a", label: "y", points: 1 },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe("rubric item ids must be distinct");
  });
});

describe("free-text parts in a problem", () => {
  const problem = findBankProblem("section-07-reasoning")!;

  it("validates the demo reasoning problem, whose samples are accepted for grading", () => {
    const report = validateProblem(problem, 3);
    expect(report.failures).toEqual([]);
    expect(report.checks).toBeGreaterThan(0);
  });

  it("leaves the rubric out of the student's view of the variant", () => {
    const variant = buildVariant(problem, 0);
    const part = variant.public.parts.find((candidate) => candidate.id === "symmetry")!;
    expect(part.answer).toEqual({ kind: "freeText", maxLength: 2000, rubric: [] });
    expect(JSON.stringify(variant.public)).not.toContain("induction over steps");
  });

  it("grades a submission with a free-text part as pending for that part", () => {
    const grade = gradeSubmission(buildVariant(problem, 0), { symmetry: "They get equal gradients." });
    expect(grade.parts.map((part) => [part.id, part.result?.status ?? "unanswered", part.score])).toEqual([
      ["symmetry", "needsGrading", 0],
      ["not-a-matrix", "unanswered", 0],
    ]);
    expect(grade.invalidParts).toEqual([]);
  });

  it("refuses a document whose free-text part has a reference", () => {
    const document = {
      slug: "with-reference",
      title: "t",
      statement: "s",
      parts: [{ id: "p", prompt: "why?", answer: { kind: "freeText" }, reference: { value: "because" } }],
    };
    expect(() => compileDocument(document)).toThrow(DocumentError);
    expect(() => compileDocument(document)).toThrow("parts[0].reference: a freeText part is graded by a person and has no reference");
  });

  it("still refuses a graded part without a reference", () => {
    const document = { slug: "no-reference", title: "t", statement: "s", parts: [{ id: "p", prompt: "n?", answer: { kind: "integer" } }] };
    expect(() => compileDocument(document)).toThrow("parts[0].reference: this part needs a reference");
  });
});
