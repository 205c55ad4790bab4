import { expressionPlaceholder } from "@/app/components/problem/expression-placeholder";
import { BANK } from "@/grader/bank";
import { namesUsed, parseExpression } from "@/grader/expr";
import { buildVariant, gradePart, type AnyProblem, type PublicExpressionSpec } from "@/grader/problems";

const SEEDS = [0, 1, 2, 3, 17, 99];

/** The pieces of a placeholder that read as expressions ("e.g. W0 @ x + b0" gives W0 @ x + b0), with the names they use. */
function expressionsIn(placeholder: string): { source: string; names: string[] }[] {
  return placeholder
    .split(/;|,|\bor\b|\bin terms of\b/)
    .map((piece) => piece.replace(/^\s*(e\.g\.|for example)\s*/i, "").trim())
    .flatMap((source) => {
      try {
        return [{ source, names: namesUsed(parseExpression(source).root) }];
      } catch {
        return [];
      }
    });
}

/** Every expression part's placeholder in a problem's variant, with the part it stands in. */
function placeholders(problem: AnyProblem, seed: number) {
  const variant = buildVariant(problem, seed);
  return {
    variant,
    boxes: variant.public.parts.flatMap((part) =>
      part.answer.kind === "expression" ? [{ part, text: expressionPlaceholder(part.answer) }] : [],
    ),
  };
}

describe("an expression box's placeholder", () => {
  it("names the chain-rule problem's own quantities, not another problem's", () => {
    const part = buildVariant(BANK.find((entry) => entry.problem.slug === "chain-rule")!.problem, 0).public.parts.find(
      (p) => p.id === "a.formula",
    )!;
    expect(expressionPlaceholder(part.answer as PublicExpressionSpec)).toBe("in terms of Jf, Jg; @ is the matrix product");
  });

  it.each(BANK.map((entry) => [entry.problem.slug, entry.problem] as const))(
    "%s: no expression in a placeholder uses a name its part lacks, or scores on any part, or is a known mistake",
    (_slug, problem) => {
      for (const seed of SEEDS) {
        const { variant, boxes } = placeholders(problem, seed);
        const knownMistakes = variant.parts.flatMap((part) =>
          part.answer.kind === "expression" ? part.answer.knownMistakes.map((m) => m.expression.replace(/\s+/g, "")) : [],
        );
        for (const { part, text } of boxes) {
          // The placeholder itself, graded as an answer to every part, earns nothing.
          for (const other of variant.parts) expect([other.id, gradePart(variant, other.id, text).score]).toEqual([other.id, 0]);
          const names = Object.keys((part.answer as PublicExpressionSpec).context.variables);
          for (const { source, names: used } of expressionsIn(text)) {
            expect(used.filter((name) => !names.includes(name))).toEqual([]);
            expect(knownMistakes).not.toContain(source.replace(/\s+/g, ""));
            // A bare name is the vocabulary (the names a part's answer may use, as its live check lists them), not an answer.
            if (used.length === 1 && source === used[0]) continue;
            for (const other of variant.parts)
              expect([other.id, source, gradePart(variant, other.id, source).score]).toEqual([other.id, source, 0]);
          }
        }
      }
    },
  );

  it("finds what the old placeholder did wrong, so that the checks above can fail", () => {
    const old = expressionsIn("e.g. W0 @ x + b0");
    expect(old).toEqual([{ source: "W0 @ x + b0", names: ["W0", "x", "b0"] }]);
    // Names the chain-rule problem does not have, and nn-backprop 2.1(a)'s known mistake (its answer less σ).
    const chainRule = placeholders(BANK.find((entry) => entry.problem.slug === "chain-rule")!.problem, 0).boxes[0].part
      .answer as PublicExpressionSpec;
    expect(old[0].names.filter((name) => !Object.keys(chainRule.context.variables).includes(name))).toEqual(["W0", "x", "b0"]);
    const nnBackprop = buildVariant(BANK.find((entry) => entry.problem.slug === "nn-backprop")!.problem, 0).parts.find(
      (part) => part.id === "a.z",
    )!;
    expect(nnBackprop.answer.kind === "expression" && nnBackprop.answer.knownMistakes.map((m) => m.expression)).toContain("W0 @ x + b0");
  });
});
