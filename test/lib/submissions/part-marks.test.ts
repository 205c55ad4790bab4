import { gradeAnswer, parseAnswerSpec } from "@/grader/answers";
import { marksForStudent, marksOf, marksStored } from "@/lib/submissions/part-marks";

const matrix = parseAnswerSpec({ kind: "matrix" });
const options = [
  { id: "f-diff", text: "f is differentiable at g(x)" },
  { id: "g-diff", text: "g is differentiable at x" },
  { id: "square", text: "the Jacobians are square" },
];
const multiple = parseAnswerSpec({ kind: "choice", options, multiple: true });

describe("per-entry and per-option marks", () => {
  it("marks a matrix answer's entries row-major, as booleans only", () => {
    const reference = [
      [0.125, -2.75],
      [3.5, 4.0625],
    ];
    const marks = marksOf(gradeAnswer(matrix, "[[0.125, -2.75], [3.5, 4]]", reference));
    expect(marks).toEqual({ kind: "entries", correct: [true, true, true, false] });
    expect(JSON.stringify(marks)).not.toContain("4.0625");
  });

  it("marks only the options chosen, so a right option left out is never named", () => {
    const marks = marksOf(gradeAnswer(multiple, "f-diff,square", ["f-diff", "g-diff"]));
    expect(marks).toEqual({ kind: "options", correct: { "f-diff": true, square: false } });
  });

  it("gives no marks to an invalid answer, an unanswered part or a kind without pieces", () => {
    expect(
      marksOf(
        gradeAnswer(matrix, "[[1, 2, 3]]", [
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toBeUndefined();
    expect(marksOf(null)).toBeUndefined();
    expect(marksOf(gradeAnswer(parseAnswerSpec({ kind: "number" }), "2", 2))).toBeUndefined();
    expect(marksStored(null)).toEqual({});
  });

  it("passes stored marks to the student, and adds no field when there are none (rows stored before marks)", () => {
    expect(marksForStudent({ kind: "entries", correct: [false] })).toEqual({ marks: { kind: "entries", correct: [false] } });
    expect(marksForStudent(undefined)).toEqual({});
  });
});
