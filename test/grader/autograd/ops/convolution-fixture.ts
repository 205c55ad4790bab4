/**
 * PyTorch fixtures of the convolutions: conv2d.json (make_golden.py, conv2d
 * without groups) and convolution.json (make_golden_conv_attention.py,
 * conv2d with groups and convTranspose2d, each case naming its op), and the
 * one check both ops' tests run on a case.
 */
import { functional as F } from "../../../../grader/autograd";
import type { Conv2dOptions, ConvTranspose2dOptions } from "../../../../grader/autograd/functional";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

export type ConvolutionOp = "conv2d" | "convTranspose2d";

export interface ConvolutionCase {
  /** Absent in conv2d.json, whose cases are all conv2d. */
  op?: ConvolutionOp;
  note?: string;
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

const describeCase = (c: ConvolutionCase) =>
  `${c.note ? `${c.note}: ` : ""}input ${JSON.stringify(c.input.shape)}, weight ${JSON.stringify(c.weight.shape)}` +
  `${c.bias ? ", bias" : ""}, ${JSON.stringify(c.options)}`;

/** The cases of a fixture file for one op, as [name, case] rows for it.each. */
export function convolutionCases(file: "conv2d.json" | "convolution.json", op: ConvolutionOp): (readonly [string, ConvolutionCase])[] {
  const { cases } = loadFixture<{ cases: ConvolutionCase[] }>(file);
  return cases.filter((c) => (c.op ?? "conv2d") === op).map((c) => [describeCase(c), c] as const);
}

/** Runs the case's op forward and backward and checks the output and the gradients of input, weight and bias. */
export function expectConvolutionMatches(op: ConvolutionOp, c: ConvolutionCase): void {
  const input = decode(c.input, true);
  const weight = decode(c.weight, true);
  const bias = c.bias ? decode(c.bias, true) : null;
  const output = op === "conv2d" ? F.conv2d(input, weight, bias, c.options) : F.convTranspose2d(input, weight, bias, c.options);
  expectMatches(output, c.output);
  output.backward(decode(c.grad_output));
  expectMatches(input.grad, c.grad_input);
  expectMatches(weight.grad, c.grad_weight);
  if (bias) expectMatches(bias.grad, c.grad_bias);
}
