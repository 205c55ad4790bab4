/** Section 09: normalisation and depth (the handout in handout.md). */
import type { ProblemSet } from "../problem-set";
import { compileDocument } from "../../authoring";
import residualGradientDocument from "./residual-gradient.json";
import resnetBlockDocument from "./resnet-block.json";
import { vanishingGradients } from "./vanishing-gradients";
import { batchNormProblem } from "./batch-norm";

export const SECTION_09: ProblemSet = {
  slug: "section-09",
  title: "Section 09: normalisation and depth",
  description:
    "Batch and layer normalisation, gradients through residual connections, vanishing gradients, and a ResNet block's parameters.",
  problems: [batchNormProblem, compileDocument(residualGradientDocument), vanishingGradients, compileDocument(resnetBlockDocument)],
  demo: true,
};
