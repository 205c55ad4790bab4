/** Problems written as documents (grader/authoring) that belong to no handout. */
import type { ProblemSet } from "../problem-set";
import { compileDocument } from "../../authoring";
import twoLayerTanhDocument from "./two-layer-tanh.json";

export const EXAMPLES: ProblemSet = {
  slug: "examples",
  title: "Examples of authored problems",
  description: "Problems written as problem documents, without code.",
  problems: [compileDocument(twoLayerTanhDocument)],
  demo: false,
};
