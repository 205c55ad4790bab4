/** Section 10: sequences and attention (the handout in handout.md). */
import type { ProblemSet } from "../problem-set";
import { compileDocument } from "../../authoring";
import rnnBpttDocument from "./rnn-bptt.json";
import { softmaxJacobianProblem } from "./softmax-jacobian";
import { convTranspose } from "./conv-transpose";
import { multiheadAttention } from "./multihead-attention";
import { recurrentParams } from "./recurrent-params";
import { transformerEncoder } from "./transformer-encoder";

export const SECTION_10: ProblemSet = {
  slug: "section-10",
  title: "Section 10: sequences and attention",
  description: "Backpropagation through time in a small RNN, and the softmax of attention.",
  problems: [
    compileDocument(rnnBpttDocument),
    recurrentParams,
    multiheadAttention,
    softmaxJacobianProblem,
    convTranspose,
    transformerEncoder,
  ],
  demo: true,
};
