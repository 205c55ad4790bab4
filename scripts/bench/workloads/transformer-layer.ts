/**
 * The engine's side of scripts/bench/transformer-layer.ts: one
 * nn.TransformerEncoderLayer (post-norm, relu, no dropout) built from the
 * engine's ops, its parameters and its training step, on a given copy of the
 * engine (this tree's, or an earlier commit's for --compare). Imported both by
 * transformer-layer.ts and by the engine's own timing process
 * (engine-timing.ts), so it imports nothing of the harness.
 */
import type { Tensor } from "../../../grader/autograd";

type Autograd = typeof import("../../../grader/autograd");

export const D_MODEL = 64;
export const HEADS = 4;
export const FEEDFORWARD = 128;
export const SEQUENCE = 16;
export const BATCH = 2;
const HEAD_DIM = D_MODEL / HEADS;

/** The layer's parameters, named as nn.TransformerEncoderLayer's state dict (in_proj split into q, k, v), in the given copy of the engine. */
export function makeParameters({ createRng, randn, Tensor }: Autograd) {
  const rng = createRng(0);
  const param = (shape: number[], scale: number, offset = 0) =>
    new Tensor(randn(shape, rng).mul(scale).add(offset).data, shape, { requiresGrad: true });
  const fanIn = (n: number) => 1 / Math.sqrt(n);
  return {
    wq: param([D_MODEL, D_MODEL], fanIn(D_MODEL)),
    wk: param([D_MODEL, D_MODEL], fanIn(D_MODEL)),
    wv: param([D_MODEL, D_MODEL], fanIn(D_MODEL)),
    bq: param([D_MODEL], 0.1),
    bk: param([D_MODEL], 0.1),
    bv: param([D_MODEL], 0.1),
    outWeight: param([D_MODEL, D_MODEL], fanIn(D_MODEL)),
    outBias: param([D_MODEL], 0.1),
    linear1Weight: param([FEEDFORWARD, D_MODEL], fanIn(D_MODEL)),
    linear1Bias: param([FEEDFORWARD], 0.1),
    linear2Weight: param([D_MODEL, FEEDFORWARD], fanIn(FEEDFORWARD)),
    linear2Bias: param([D_MODEL], 0.1),
    norm1Weight: param([D_MODEL], 0.1, 1),
    norm1Bias: param([D_MODEL], 0.1),
    norm2Weight: param([D_MODEL], 0.1, 1),
    norm2Bias: param([D_MODEL], 0.1),
    input: randn([BATCH, SEQUENCE, D_MODEL], rng),
    projection: randn([BATCH, SEQUENCE, D_MODEL], rng),
  };
}

export type Parameters = ReturnType<typeof makeParameters>;

/** (B, L, D) → (B, H, L, D/H): each head's slice of the features, as PyTorch's MultiheadAttention splits them. */
const splitHeads = (t: Tensor) => t.reshape([BATCH, SEQUENCE, HEADS, HEAD_DIM]).transpose(1, 2);

function encoderLayer(F: Autograd["functional"], p: Parameters): Tensor {
  const x = p.input;
  const q = splitHeads(F.linear(x, p.wq, p.bq));
  const k = splitHeads(F.linear(x, p.wk, p.bk));
  const v = splitHeads(F.linear(x, p.wv, p.bv));
  const heads = F.scaledDotProductAttention(q, k, v).transpose(1, 2).reshape([BATCH, SEQUENCE, D_MODEL]);
  const attention = F.linear(heads, p.outWeight, p.outBias);
  const h = F.layerNorm(x.add(attention), [D_MODEL], { weight: p.norm1Weight, bias: p.norm1Bias });
  const feedforward = F.linear(F.linear(h, p.linear1Weight, p.linear1Bias).relu(), p.linear2Weight, p.linear2Bias);
  return F.layerNorm(h.add(feedforward), [D_MODEL], { weight: p.norm2Weight, bias: p.norm2Bias });
}

const trainable = (p: Parameters): Tensor[] => Object.values(p).filter((t) => t.requiresGrad);

export function step(F: Autograd["functional"], p: Parameters): { output: Tensor; loss: Tensor } {
  for (const t of trainable(p)) t.grad = null;
  const output = encoderLayer(F, p);
  const loss = output.mul(p.projection).sum();
  loss.backward();
  return { output, loss };
}

/** The step as the timing sides run it: on fresh parameters made from seed 0. */
export function transformerSteps(autograd: Autograd): Record<"layer", () => void> {
  const p = makeParameters(autograd);
  return { layer: () => void step(autograd.functional, p) };
}
