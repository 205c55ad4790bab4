import { AutogradError, AutogradErrorCode, functional as F, tensor, zeros } from "../../../../grader/autograd";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";

interface LinearCase {
  input: Encoded;
  weight: Encoded;
  bias: Encoded | null;
  grad_output: Encoded;
  output: Encoded;
  grad_input: Encoded;
  grad_weight: Encoded;
  grad_bias: Encoded | null;
}

interface MseCase {
  reduction: "mean" | "sum" | "none";
  input: Encoded;
  target: Encoded;
  grad_output: Encoded;
  output: Encoded;
  grad_input: Encoded;
  grad_target: Encoded;
}

const fixture = loadFixture<{ linear: LinearCase[]; mseLoss: MseCase[] }>("linear.json");

describe("linear against PyTorch", () => {
  it.each(
    fixture.linear.map(
      (c) => [`input ${JSON.stringify(c.input.shape)}, weight ${JSON.stringify(c.weight.shape)}${c.bias ? ", bias" : ""}`, c] as const,
    ),
  )("%s: output and the gradients agree", (_name, c) => {
    const input = decode(c.input, true);
    const weight = decode(c.weight, true);
    const bias = c.bias ? decode(c.bias, true) : null;
    const output = F.linear(input, weight, bias);
    expectMatches(output, c.output);
    output.backward(decode(c.grad_output));
    expectMatches(input.grad, c.grad_input);
    expectMatches(weight.grad, c.grad_weight);
    if (bias) expectMatches(bias.grad, c.grad_bias);
  });

  it("refuses features that differ from the weight's, naming both shapes", () => {
    const attempt = () => F.linear(zeros([2, 36]), zeros([2, 35]));
    expect(attempt).toThrow(/\(2x36 and 35x2\)/);
    try {
      attempt();
    } catch (error) {
      expect((error as AutogradError).code).toBe(AutogradErrorCode.ChannelMismatch);
    }
  });
});

describe("mseLoss against PyTorch", () => {
  it.each(fixture.mseLoss.map((c) => [c.reduction, c] as const))(
    "reduction %s: value and the gradients of input and target agree",
    (_name, c) => {
      const input = decode(c.input, true);
      const target = decode(c.target, true);
      const loss = F.mseLoss(input, target, { reduction: c.reduction });
      expectMatches(loss, c.output);
      loss.backward(decode(c.grad_output));
      expectMatches(input.grad, c.grad_input);
      expectMatches(target.grad, c.grad_target);
    },
  );

  it("refuses an input and target of different shapes rather than broadcasting", () => {
    expect(() => F.mseLoss(tensor([[1, 2]]), tensor([1, 2]))).toThrow(/\[1, 2\] and target shape \[2\]/);
  });
});
