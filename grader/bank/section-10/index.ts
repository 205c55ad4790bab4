/** Section 10: sequences and attention (the handout in handout.md). */
import type { ProblemSet } from "../problem-set";
import { compileDocument } from "../../authoring";
import rnnBpttDocument from "./rnn-bptt.json";
import recurrentParamsDocument from "./recurrent-params.json";
import { softmaxJacobianProblem } from "./softmax-jacobian";
import { convTranspose } from "./conv-transpose";
import { multiheadAttention } from "./multihead-attention";
import { transformerEncoder } from "./transformer-encoder";

export const SECTION_10: ProblemSet = {
  slug: "section-10",
  title: "Section 10: sequences and attention",
  description:
    "Backpropagation through time, recurrent and attention layers' parameters and shapes, the softmax Jacobian and transposed convolutions.",
  problems: [
    compileDocument(rnnBpttDocument),
    compileDocument(recurrentParamsDocument),
    multiheadAttention,
    softmaxJacobianProblem,
    convTranspose,
    transformerEncoder,
  ],
  demo: true,
};
