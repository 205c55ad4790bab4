/**
 * Section 08: softmax and cross-entropy (the handout in ./handout.md). The
 * last problem is a problem document, compiled by grader/authoring like the
 * examples, to show the section written without code where it can be.
 */
import type { ProblemSet } from "../problem-set";
import { compileDocument } from "../../authoring";
import { ceLogitGradient } from "./ce-logit-gradient";
import { logSumExp } from "./log-sum-exp";
import { reluClassifier } from "./relu-classifier";
import { labelSmoothing } from "./label-smoothing";
import softmaxDerivativesDocument from "./softmax-derivatives.json";

export const SECTION_08: ProblemSet = {
  slug: "section-08",
  title: "Section 08: softmax and cross-entropy",
  description: "The cross-entropy's gradient, log-sum-exp and overflow, a ReLU classifier's gradients, and label smoothing.",
  problems: [ceLogitGradient, logSumExp, reluClassifier, labelSmoothing, compileDocument(softmaxDerivativesDocument)],
  demo: true,
};
