import { getBankProblem } from "@/grader/bank";
import { buildVariant } from "@/grader/problems";
import { exportDocument, compileDocument, type ProblemDocumentInput } from "@/grader/authoring";
import twoLayerTanh from "@/grader/bank/examples/two-layer-tanh.json";
import { AppError } from "@/lib/errors";
import { crossingReply } from "@/lib/grading/grading-task";
import { documentOfStoredDefinition, problemOfRow, variantOfRow, type ProblemRow } from "@/lib/grading/problem-variants";

describe("variants of stored problem rows (worker side)", () => {
  const bank: ProblemRow = { id: "row-nn", slug: "nn-backprop", version: getBankProblem("nn-backprop").version, source: "BANK", definition: null };

  it("builds a bank row's variant as buildVariant does, once per (row, seed)", () => {
    const variant = variantOfRow(bank, 11);
    expect(JSON.stringify(variant)).toBe(JSON.stringify(buildVariant(getBankProblem("nn-backprop"), 11)));
    expect(variantOfRow(bank, 11)).toBe(variant);
  });

  it("compiles an authored row from its stored text and from a plain document alike", () => {
    const asText: ProblemRow = { id: "row-text", slug: "two-layer-tanh", version: 1, source: "AUTHORED", definition: { documentText: exportDocument(twoLayerTanh as ProblemDocumentInput, "json") } };
    const asObject: ProblemRow = { ...asText, id: "row-object", definition: twoLayerTanh };
    const expected = JSON.stringify(buildVariant(compileDocument(twoLayerTanh), 5).public);
    expect(JSON.stringify(variantOfRow(asText, 5).public)).toBe(expected);
    expect(JSON.stringify(variantOfRow(asObject, 5).public)).toBe(expected);
    expect(documentOfStoredDefinition({ documentText: '{"slug":"x"}' })).toEqual({ slug: "x" });
  });

  it("refuses a bank problem this server does not have, with UNAVAILABLE", () => {
    expect(() => problemOfRow({ ...bank, slug: "no-such-problem" })).toThrow(new AppError("UNAVAILABLE", "Problem no-such-problem is not in this server's bank; ask your instructor."));
  });
});

describe("replies that cross threads", () => {
  it("passes a plain grade through, and turns one that cannot be copied between threads into an Unexpected failure", () => {
    const grade = { score: 1, parts: [], invalidParts: [] };
    expect(crossingReply({ ok: true, value: grade })).toEqual({ ok: true, value: grade });
    const withFunction = { ok: true as const, value: { ...grade, parts: [{ id: "a", points: 1, score: 1, feedback: "", result: null, render: () => "x" }] } };
    expect(crossingReply(withFunction)).toEqual({
      ok: false,
      error: { kind: "Unexpected", message: expect.stringMatching(/^its result cannot be sent between threads \(.*could not be cloned/) },
    });
  });
});
