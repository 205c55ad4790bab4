/**
 * Problem rows as the database stores them (grader/stored ProblemRow), for
 * the tests that grade through the pool or beside it: a bank problem's row,
 * and an authored problem's row holding its document's text.
 */
import { compileDocument, exportDocument, type ProblemDocumentInput } from "@/grader/authoring";
import { getBankProblem } from "@/grader/bank";
import twoLayerTanh from "@/grader/bank/examples/two-layer-tanh.json";
import type { ProblemRow } from "@/grader/stored";

export const bankRow = (slug: string): ProblemRow => ({
  id: `bank-${slug}`,
  slug,
  version: getBankProblem(slug).version,
  source: "BANK",
  definition: null,
});

/** The two-layer-tanh example as an authored row (lib/authoring/stored-document.ts stores the document's text). */
export const authoredRow: ProblemRow = {
  id: "authored-two-layer-tanh-v1",
  slug: "two-layer-tanh",
  version: 1,
  source: "AUTHORED",
  definition: { documentText: exportDocument(twoLayerTanh as ProblemDocumentInput, "json") },
};

/** The problem authoredRow stores, compiled. */
export const authoredProblem = compileDocument(twoLayerTanh);
