/** Section 08: softmax and cross-entropy (the handout in ./handout.md). */
import type { ProblemSet } from "../problem-set";
import { ceLogitGradient } from "./ce-logit-gradient";
import { logSumExp } from "./log-sum-exp";
import { reluClassifier } from "./relu-classifier";
import { labelSmoothing } from "./label-smoothing";

export const SECTION_08: ProblemSet = {
  slug: "section-08",
  title: "Section 08: softmax and cross-entropy",
  description: "The cross-entropy's gradient, log-sum-exp and overflow, a ReLU classifier's gradients, and label smoothing.",
  problems: [ceLogitGradient, logSumExp, reluClassifier, labelSmoothing],
  demo: true,
};
