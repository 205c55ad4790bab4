import { functional as F, Tensor } from "../../../grader/autograd";
import { decode, expectMatches, loadFixture, mismatches, type Encoded } from "./golden";

interface NetworkCase {
  name: "mlp_tanh_mse" | "mlp_relu_sigmoid_manual" | "cnn_small";
  x: Encoded;
  target: Encoded | null;
  params: Record<string, Encoded>;
  loss: number;
  grads: Record<string, Encoded>;
}

const { cases } = loadFixture<{ cases: NetworkCase[] }>("networks.json");

/** The same networks as make_golden.py's network_cases(), written with the engine. */
const networks: Record<NetworkCase["name"], (x: Tensor, target: Tensor | null, p: Record<string, Tensor>) => Tensor> = {
  mlp_tanh_mse: (x, target, p) => {
    const hidden = F.linear(x, p.w1, p.b1).tanh();
    return F.mseLoss(F.linear(hidden, p.w2, p.b2), target!);
  },
  mlp_relu_sigmoid_manual: (x, _target, p) => {
    const hidden = x.matmul(p.w1.T).add(p.b1).relu();
    const out = hidden.matmul(p.w2.T).add(p.b2).sigmoid();
    return out.sub(0.5).pow(2).sum().add(p.w1.abs().mean().mul(0.1));
  },
  cnn_small: (x, target, p) => {
    let h = F.conv2d(x, p.c1, p.cb1, { padding: 1 }).relu();
    h = F.maxPool2d(h, { kernelSize: 2 });
    h = F.conv2d(h, p.c2, p.cb2, { stride: 2 }).tanh();
    h = F.maxPool2d(h, { kernelSize: 2, stride: 1, padding: 1, ceilMode: true });
    h = F.maxPool2d(h, { kernelSize: 2 });
    return F.mseLoss(F.linear(h.flatten(1), p.fc, p.fcb), target!);
  },
};

describe("small networks end to end against PyTorch", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s: the loss and the gradient of every parameter agree", (_name, c) => {
    const params = Object.fromEntries(Object.entries(c.params).map(([key, value]) => [key, decode(value, true)]));
    const loss = networks[c.name](decode(c.x), c.target ? decode(c.target) : null, params);
    expect(loss.shape).toEqual([]);
    expect(mismatches([loss.item()], [c.loss])).toEqual([]);
    loss.backward();
    for (const key of Object.keys(c.grads)) expectMatches(params[key].grad, c.grads[key]);
  });
});
