/** Section 07: backpropagation, initialisation and CNN shapes (the handout in ../shared/seed). */
import type { ProblemSet } from "../problem-set";
import { chainRule } from "./chain-rule";
import { nnBackprop } from "./nn-backprop";
import { zeroInit } from "./zero-init";
import { cnnShapes } from "./cnn-shapes";

export const SECTION_07: ProblemSet = {
  slug: "section-07",
  title: "Section 07: backpropagation, initialisation and CNN shapes",
  description: "The chain rule, gradients of a one-hidden-layer network, zero initialisation, and CNN shapes.",
  problems: [chainRule, nnBackprop, zeroInit, cnnShapes],
  demo: true,
};
