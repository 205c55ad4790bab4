/**
 * Problem documents built to be as costly as a document can be: a 2 KB
 * document that once held the server for over a minute, and the heaviest
 * shapes the limits let through. Shared by the grader's cost tests and the
 * e2e availability test.
 */
import type { ProblemDocumentInput } from "../../grader/authoring";

export interface MatmulChainOptions {
  slug?: string;
  /** The variable A is size×size. */
  size?: number;
  /** Matrix products in the definition D = A @ A @ … @ A. */
  products?: number;
  knownMistakes?: number;
  /** Correct and wrong samples (each half). */
  samples?: number;
  /** "matrix": a value part, computed on the variant; "expression": a formula part graded on random instances. */
  kind?: "matrix" | "expression";
  /** Placeholders {{D}} in the statement: each renders D's value. */
  statementPlaceholders?: number;
}

/**
 * The issue's document: a 100×100 variable, a definition chaining 30 matrix
 * products, one part with 20 known mistakes and 40 samples. Every known
 * mistake and sample reads D, and each is computed on a fresh evaluation,
 * so one seed computes the chain 62 times.
 */
export function matmulChainDocument({
  slug = "matmul-chain",
  size = 100,
  products = 30,
  knownMistakes = 20,
  samples = 40,
  kind = "matrix",
  statementPlaceholders = 0,
}: MatmulChainOptions = {}): ProblemDocumentInput {
  const chain = Array.from({ length: products + 1 }, () => "A").join(" @ ");
  const half = Math.floor(samples / 2);
  const asSample = (expression: string) => (kind === "matrix" ? { expression } : expression);
  return {
    slug,
    title: `Matrix chain ${slug}`,
    statement: `A chain of products.${" {{D}}".repeat(statementPlaceholders)}`,
    variables: { A: { shape: [size, size], distribution: { kind: "uniform", low: -0.1, high: 0.1 } } },
    definitions: { D: chain },
    parts: [
      {
        id: "chain",
        prompt: "The product.",
        answer: kind === "matrix" ? { kind: "matrix" } : { kind: "expression" },
        reference: "D",
        knownMistakes: Array.from({ length: knownMistakes }, (_, k) => ({
          id: `m${k}`,
          expression: `D + ${k + 1}`,
          message: `off by ${k + 1}`,
        })),
        samples: {
          correct: Array.from({ length: samples - half }, (_, k) => asSample(k === 0 ? "D" : `D * 1 + ${k} - ${k}`)),
          wrong: Array.from({ length: half }, (_, k) => asSample(`D * ${k + 2}`)),
        },
      },
    ],
  } as ProblemDocumentInput;
}

/** The issue's 2 KB document, as text. */
export function issueAttackText(slug = "matmul-chain"): string {
  return JSON.stringify(matmulChainDocument({ slug }));
}

/**
 * The costliest matrix chain DOCUMENT_LIMITS let through with the issue's
 * shape (a 100×100 variable, 20 known mistakes, 40 samples): the most
 * products that still compile. `compile` is compileDocument, passed in so
 * that this file imports no grader code at run time (the e2e tests load it).
 */
export function heaviestAllowedChain(
  compile: (document: ProblemDocumentInput) => unknown,
  options: MatmulChainOptions = {},
): ProblemDocumentInput {
  let heaviest: ProblemDocumentInput | null = null;
  for (let products = 0; products <= 30; products++) {
    const document = matmulChainDocument({ ...options, products });
    try {
      compile(document);
    } catch {
      break;
    }
    heaviest = document;
  }
  if (!heaviest) throw new Error("no matrix chain of this shape compiles within the limits");
  return heaviest;
}
