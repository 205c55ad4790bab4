/**
 * Property tests (fast-check): random well-shaped expression trees stay
 * equivalent to themselves rewritten, and nothing but ExprError ever comes
 * out of the parser and shape checker, whatever the input.
 */
import fc from "fast-check";
import {
  analyzeExpression,
  checkExpression,
  compileCheck,
  compileEnvironment,
  ExprError,
  parseExpression,
  type ExpressionCheckInput,
} from "../../../grader/expr";

/** A, B, C are m×n, S is n×n, s a scalar: every tree below is m×n (scalars only ever scale). */
const context: ExpressionCheckInput["context"] = {
  dimensions: { m: { min: 2, max: 5 }, n: { min: 2, max: 5 } },
  variables: { A: { shape: ["m", "n"] }, B: { shape: ["m", "n"] }, C: { shape: ["m", "n"] }, S: { shape: ["n", "n"] }, s: { shape: [] } },
};

type Tree =
  | { op: "leaf"; name: string }
  | { op: "+" | "-" | "*"; left: Tree; right: Tree }
  /** s * X, or a constant times X. */
  | { op: "scale"; by: string; operand: Tree }
  | { op: "@S"; operand: Tree }
  | { op: "tanh" | "sigmoid"; operand: Tree };

const treeArbitrary: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "medium", withCrossShrink: true },
    fc.constantFrom("A", "B", "C").map((name): Tree => ({ op: "leaf", name })),
    fc.record({ op: fc.constantFrom("+" as const, "-" as const, "*" as const), left: tie("tree"), right: tie("tree") }),
    fc.record({ op: fc.constant("scale" as const), by: fc.constantFrom("s", "2", "0.5", "-3"), operand: tie("tree") }),
    fc.record({ op: fc.constantFrom("@S" as const, "tanh" as const, "sigmoid" as const), operand: tie("tree") }),
  ),
})).tree;

/** Fully parenthesised text, so that the printed tree is exactly the generated one. */
function print(tree: Tree): string {
  switch (tree.op) {
    case "leaf":
      return tree.name;
    case "scale":
      return `(${tree.by} * ${print(tree.operand)})`;
    case "@S":
      return `(${print(tree.operand)} @ S)`;
    case "tanh":
    case "sigmoid":
      return `${tree.op}(${print(tree.operand)})`;
    default:
      return `(${print(tree.left)} ${tree.op} ${print(tree.right)})`;
  }
}

/** Commutes every sum and elementwise product, and distributes products over sums: an equal value, another tree. */
function rewrite(tree: Tree): Tree {
  switch (tree.op) {
    case "leaf":
      return tree;
    case "+":
      return { op: "+", left: rewrite(tree.right), right: rewrite(tree.left) };
    case "-":
      return { op: "-", left: rewrite(tree.left), right: rewrite(tree.right) };
    case "*": {
      const left = rewrite(tree.left);
      const right = rewrite(tree.right);
      if (right.op === "+" || right.op === "-")
        return { op: right.op, left: { op: "*", left, right: right.left }, right: { op: "*", left, right: right.right } };
      return { op: "*", left: right, right: left };
    }
    case "@S": {
      const operand = rewrite(tree.operand);
      if (operand.op === "+" || operand.op === "-")
        return { op: operand.op, left: { op: "@S", operand: operand.left }, right: { op: "@S", operand: operand.right } };
      return { op: "@S", operand };
    }
    default:
      return { ...tree, operand: rewrite(tree.operand) };
  }
}

/** Rewriting duplicates subtrees, so the parts get room beyond the default caps. */
const roomyLimits = { maxLength: 100_000, maxNodes: 20_000, maxDepth: 200, maxCost: 1e12 };

/** Nodes in a tree, to keep generated trees under the size cap. */
function size(tree: Tree): number {
  if (tree.op === "leaf") return 1;
  if ("operand" in tree) return 2 + size(tree.operand);
  return 1 + size(tree.left) + size(tree.right);
}

/** Trees of 3 to 40 nodes: big enough to have sums and products to rewrite. */
const sizedTrees = treeArbitrary.filter((tree) => size(tree) >= 3 && size(tree) <= 40);

describe("equivalence by random evaluation", () => {
  it("accepts a random expression rewritten (sums commuted, products distributed) as equal to itself", () => {
    fc.assert(
      fc.property(sizedTrees, (tree) => {
        const rewritten = print(rewrite(tree));
        const part = compileCheck({ context, limits: roomyLimits }, print(tree));
        expect(checkExpression(part, rewritten).status).toBe("correct");
      }),
      { numRuns: 150 },
    );
  });

  it("rejects a random expression plus a constant as wrong", () => {
    fc.assert(
      fc.property(sizedTrees, (tree) => {
        const part = compileCheck({ context, limits: roomyLimits }, print(tree));
        expect(checkExpression(part, `${print(rewrite(tree))} + 0.25`).status).toBe("wrong");
      }),
      { numRuns: 100 },
    );
  });
});

/** Characters the language gives meaning to, plus a few it does not. */
const LANGUAGE_CHARACTERS = [
  ..."()+-*/@^'.,T ezxW01σ∘⊙·−2e5_$[]{}\\\n\t",
  "**",
  ".T",
  ".*",
  "^T",
  "sigmoid",
  "diag",
  "grad",
  "ones",
  "W0",
  "h",
  "d",
];

describe("the parser on random input", () => {
  const environment = compileEnvironment({
    dimensions: { d: { min: 2, max: 4 }, h: { min: 5, max: 7 } },
    variables: { W0: { shape: ["h", "d"] }, x: { shape: ["d"] }, z: { shape: ["h"] } },
  });

  const checkOnlyTypedErrors = (input: string) => {
    try {
      parseExpression(input);
    } catch (error) {
      expect(error).toBeInstanceOf(ExprError);
      const { offset, length } = error as ExprError;
      expect(offset >= 0 && length >= 0 && offset + length <= Math.max(input.length, offset)).toBe(true);
    }
    // analyzeExpression returns ExprErrors and rethrows anything else: it must not throw at all.
    const analysis = analyzeExpression(input, environment);
    if (!analysis.ok) expect(analysis.error).toBeInstanceOf(ExprError);
  };

  it("answers grad and jacobian with the wrong number of arguments with an ExprError (fast-check found grad() threw a TypeError)", () => {
    for (const input of ["grad()", "grad(x)", "jacobian()", "jacobian(x, x, x)"]) checkOnlyTypedErrors(input);
  });

  it("throws nothing but ExprError, located inside the input, on strings of the language's characters", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LANGUAGE_CHARACTERS), { maxLength: 40 }).map((parts) => parts.join("")),
        checkOnlyTypedErrors,
      ),
      { numRuns: 3000 },
    );
  });

  it("throws nothing but ExprError on arbitrary Unicode strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), checkOnlyTypedErrors), { numRuns: 2000 });
  });
});
