import { AnswerErrorCode, choiceOrder, gradeAnswer, parseAnswer, parseAnswerSpec, SpecError } from "../../../grader/answers";

const options = [
  { id: "f-diff", text: "f is differentiable at g(x)" },
  { id: "g-diff", text: "g is differentiable at x" },
  { id: "f-linear", text: "f is linear", feedback: "linearity is not needed: differentiability is" },
  { id: "square", text: "the Jacobians are square" },
];
const single = parseAnswerSpec({ kind: "choice", options });
const multiple = parseAnswerSpec({ kind: "choice", options, multiple: true });
const multiplePartial = parseAnswerSpec({ kind: "choice", options, multiple: true, partialCredit: true });

describe("choice order", () => {
  it("shuffles per variant, the same way every time for a seed", () => {
    if (single.kind !== "choice") throw new Error("not a choice");
    const orders = Array.from({ length: 12 }, (_, seed) =>
      choiceOrder(single, seed)
        .map((option) => option.id)
        .join(","),
    );
    expect(new Set(orders).size).toBeGreaterThan(3);
    expect(
      choiceOrder(single, 5)
        .map((option) => option.id)
        .join(","),
    ).toBe(orders[5]);
    for (const order of orders) expect(order.split(",").sort()).toEqual(options.map((option) => option.id).sort());
  });

  it("keeps the authored order when shuffle is off", () => {
    const fixed = parseAnswerSpec({ kind: "choice", options, shuffle: false });
    if (fixed.kind !== "choice") throw new Error("not a choice");
    expect(choiceOrder(fixed, 3).map((option) => option.id)).toEqual(options.map((option) => option.id));
  });
});

describe("choice answers", () => {
  it("reads ids as a string, a comma-separated list or an array", () => {
    expect(parseAnswer(multiple, "f-diff, g-diff")).toEqual({ ok: true, value: ["f-diff", "g-diff"] });
    expect(parseAnswer(multiple, ["g-diff"])).toEqual({ ok: true, value: ["g-diff"] });
  });

  it("refuses unknown ids and several picks in a single choice, as invalid", () => {
    expect(gradeAnswer(single, "b", "f-diff")).toMatchObject({ status: "invalid", error: { code: AnswerErrorCode.UnknownOption } });
    expect(gradeAnswer(single, "f-diff,g-diff", "f-diff")).toMatchObject({
      status: "invalid",
      error: { code: AnswerErrorCode.TooManyChoices },
    });
    expect(gradeAnswer(single, "", "f-diff")).toMatchObject({ status: "invalid", error: { code: AnswerErrorCode.Empty } });
  });

  it("grades a multiple choice all or nothing, with the chosen wrong option's feedback", () => {
    expect(gradeAnswer(multiple, "f-diff,g-diff", ["f-diff", "g-diff"]).score).toBe(1);
    expect(gradeAnswer(multiple, "f-diff,f-linear", ["f-diff", "g-diff"])).toMatchObject({
      score: 0,
      feedback: "1 of 2 right options chosen, 1 wrong. linearity is not needed: differentiability is",
    });
  });

  it("gives (right − wrong) / right options as partial credit, never below 0", () => {
    expect(gradeAnswer(multiplePartial, "f-diff", ["f-diff", "g-diff"]).score).toBe(0.5);
    expect(gradeAnswer(multiplePartial, "f-diff,square", ["f-diff", "g-diff"]).score).toBe(0);
    expect(gradeAnswer(multiplePartial, "square,f-linear", ["f-diff", "g-diff"]).score).toBe(0);
  });

  it("marks each chosen option right or wrong and never marks an option left out", () => {
    const result = gradeAnswer(multiplePartial, "f-diff,square", ["f-diff", "g-diff"]);
    expect(result.details).toEqual({ kind: "choice", selected: ["f-diff", "square"], selectedCorrect: [true, false] });
    expect(gradeAnswer(single, "square", "f-diff").details).toEqual({ kind: "choice", selected: ["square"], selectedCorrect: [false] });
  });

  it("refuses partial credit on a single choice, naming multiple: true", () => {
    expect(() => parseAnswerSpec({ kind: "choice", options, partialCredit: true })).toThrow(/partialCredit.*multiple: true/);
    expect(parseAnswerSpec({ kind: "choice", options, multiple: true, partialCredit: true })).toMatchObject({ partialCredit: true });
  });

  it("refuses a reference that is not an option (an author's mistake)", () => {
    expect(() => gradeAnswer(single, "f-diff", "nope")).toThrow(SpecError);
  });
});
