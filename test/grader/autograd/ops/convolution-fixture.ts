/**
 * The cases of convolution.json (made by
 * test/fixtures/autograd/make_golden_conv_attention.py), shared by the
 * conv2d and convTranspose2d tests: each op's tests take the cases of its name.
 */
import type { Conv2dOptions, ConvTranspose2dOptions } from "../../../../grader/autograd/functional";
import { loadFixture, type Encoded } from "../golden";

export interface ConvolutionCase {
  op: "conv2d" | "convTranspose2d";
  note: string;
  options: Conv2dOptions & ConvTranspose2dOptions;
  input: Encoded;
  weight: Encoded;
  bias: Encoded | null;
  grad_output: Encoded;
  output: Encoded;
  grad_input: Encoded;
  grad_weight: Encoded;
  grad_bias: Encoded | null;
}

export function convolutionCases(op: ConvolutionCase["op"]): (readonly [string, ConvolutionCase])[] {
  const { cases } = loadFixture<{ cases: ConvolutionCase[] }>("convolution.json");
  return cases
    .filter((c) => c.op === op)
    .map(
      (c) =>
        [
          `${c.note}: input ${JSON.stringify(c.input.shape)}, weight ${JSON.stringify(c.weight.shape)}, ${JSON.stringify(c.options)}`,
          c,
        ] as const,
    );
}
