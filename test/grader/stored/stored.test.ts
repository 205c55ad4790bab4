import { getBankProblem } from "@/grader/bank";
import { buildVariant } from "@/grader/problems";
import { exportDocument, compileDocument, type ProblemDocumentInput } from "@/grader/authoring";
import twoLayerTanh from "@/grader/bank/examples/two-layer-tanh.json";
import { ProblemError } from "@/grader/problems";
import { documentOfStoredDefinition, problemFromStored, variantFromStored, type ProblemRow } from "@/grader/stored";

describe("problems and variants of stored problem rows", () => {
  const bank: ProblemRow = {
    id: "row-nn",
    slug: "nn-backprop",
    version: getBankProblem("nn-backprop").version,
    source: "BANK",
    definition: null,
  };

  it("builds a bank row's variant as buildVariant does, once per (row, seed)", () => {
    const variant = variantFromStored(bank, 11);
    expect(JSON.stringify(variant)).toBe(JSON.stringify(buildVariant(getBankProblem("nn-backprop"), 11)));
    expect(variantFromStored(bank, 11)).toBe(variant);
  });

  it("compiles an authored row from its stored text and from a plain document alike", () => {
    const asText: ProblemRow = {
      id: "row-text",
      slug: "two-layer-tanh",
      version: 1,
      source: "AUTHORED",
      definition: { documentText: exportDocument(twoLayerTanh as ProblemDocumentInput, "json") },
    };
    const asObject: ProblemRow = { ...asText, id: "row-object", definition: twoLayerTanh };
    const expected = JSON.stringify(buildVariant(compileDocument(twoLayerTanh), 5).public);
    expect(JSON.stringify(variantFromStored(asText, 5).public)).toBe(expected);
    expect(JSON.stringify(variantFromStored(asObject, 5).public)).toBe(expected);
    expect(documentOfStoredDefinition({ documentText: '{"slug":"x"}' })).toEqual({ slug: "x" });
  });

  it("refuses a bank problem this server does not have, with ProblemError UNAVAILABLE", () => {
    const refusal = (() => {
      try {
        return problemFromStored({ ...bank, slug: "no-such-problem" });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ProblemError);
    expect(refusal).toMatchObject({
      code: "UNAVAILABLE",
      message: "Problem no-such-problem is not in this server's bank; ask your instructor.",
    });
  });
});
