/**
 * The problem bank: every file-based problem, by slug. Slugs are global and
 * stable; a problem's folder says which set it belongs to. A problem is
 * TypeScript (section-07) or a problem document (examples/*.json),
 * compiled by grader/authoring into the same format when the bank loads.
 */
import type { AnyProblem } from "../problems/types";
import { compileDocument } from "../authoring";
import twoLayerTanhDocument from "./examples/two-layer-tanh.json";
import { ProblemError } from "../problems/errors";
import { chainRule } from "./section-07/chain-rule";
import { nnBackprop } from "./section-07/nn-backprop";
import { zeroInit } from "./section-07/zero-init";
import { cnnShapes } from "./section-07/cnn-shapes";

export interface BankEntry {
  /** The folder under grader/bank (the problem set). */
  set: string;
  problem: AnyProblem;
}

/** In the order of their problem set. */
export const BANK: readonly BankEntry[] = [
  { set: "section-07", problem: chainRule },
  { set: "section-07", problem: nnBackprop },
  { set: "section-07", problem: zeroInit },
  { set: "section-07", problem: cnnShapes },
  { set: "examples", problem: compileDocument(twoLayerTanhDocument) },
];

const bySlug = new Map(BANK.map((entry) => [entry.problem.slug, entry]));
if (bySlug.size !== BANK.length) throw new Error("two bank problems share a slug");

export function findBankProblem(slug: string): AnyProblem | undefined {
  return bySlug.get(slug)?.problem;
}

export function getBankProblem(slug: string): AnyProblem {
  const problem = findBankProblem(slug);
  if (!problem) {
    throw new ProblemError("UNKNOWN_PROBLEM", `no problem "${slug}" in the bank; known: ${[...bySlug.keys()].join(", ")}`);
  }
  return problem;
}

/** The bank pointer stored in a Problem row's definition: `section-07/chain-rule`. */
export function bankPath(slug: string): string {
  const entry = bySlug.get(slug);
  if (!entry) throw new ProblemError("UNKNOWN_PROBLEM", `no problem "${slug}" in the bank`);
  return `${entry.set}/${slug}`;
}
