/**
 * Benchmark of one Transformer encoder layer, forward + backward, in the
 * engine (float64) and in PyTorch (float64, one thread, through
 * scripts/bench/transformer-layer_torch.py) taking turns in the same run
 * (alternate.ts), on the same weights and input, with a check that the two
 * agree numerically.
 *
 *   PYTHONPATH=/path/to/torch npx tsx scripts/bench/transformer-layer.ts
 *     [--rounds 10] [--runs-per-turn 50] [--warmup 100] [--compare <git rev>[,<git rev>…]] [--no-torch]
 *
 * --compare adds the engine as it was at each commit as one more side, for
 * before/after figures of a change measured in the same run.
 *
 * The layer is nn.TransformerEncoderLayer(d_model 64, nhead 4,
 * dim_feedforward 128, dropout 0, activation relu, batch_first, post-norm),
 * on a batch of 2 sequences of 16 tokens, built here from the engine's ops:
 *   a = out_proj(scaledDotProductAttention(heads(x·W_qᵀ), heads(x·W_kᵀ), heads(x·W_vᵀ)))
 *   h = layerNorm(x + a);   y = layerNorm(h + linear2(relu(linear1(h))))
 * The loss is Σ y ⊙ R with a fixed random R (a plain sum of a layer norm's
 * output has gradient 0 before the norm, which would test nothing).
 *
 * Prints one JSON object: median and p90 milliseconds of each side and
 * each round's median, the ratio of the medians (engine / PyTorch; below 1
 * the engine is faster) with its spread over the rounds, against issue 24's
 * target (at most 2), and the largest absolute differences of the output,
 * the loss and two weight gradients. Without torch it says why and still
 * prints the engine's figures.
 */
import { join } from "node:path";
import type { Tensor } from "../../grader/autograd";
import { flagArgument, numericArgument, optionalTextArgument } from "../../test/harness/arguments";
import { againstTarget, alternate, engineAtCommit, localSide, ratioOf, startTorch, type Side } from "./alternate";
import { machineFacts } from "./timing";

// A step takes well under a millisecond: turns of 50 steps (tens of ms) each take their share of the garbage
// collector's work, and 100 untimed steps let V8 finish optimising the engine's code before any is timed.
const warmup = numericArgument("--warmup", 100);
const rounds = numericArgument("--rounds", 10);
const runsPerTurn = numericArgument("--runs-per-turn", 50);
const compare = optionalTextArgument("--compare");

/** Issue 24: the layer's step at most twice PyTorch 2.x's, on one float64 thread. */
const TARGET = 2;

type Autograd = typeof import("../../grader/autograd");

const D_MODEL = 64;
const HEADS = 4;
const FEEDFORWARD = 128;
const SEQUENCE = 16;
const BATCH = 2;
const HEAD_DIM = D_MODEL / HEADS;

/** The layer's parameters, named as nn.TransformerEncoderLayer's state dict (in_proj split into q, k, v), in the given copy of the engine. */
function makeParameters({ createRng, randn, Tensor }: Autograd) {
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

type Parameters = ReturnType<typeof makeParameters>;

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

function step(F: Autograd["functional"], p: Parameters): { output: Tensor; loss: Tensor } {
  for (const t of trainable(p)) t.grad = null;
  const output = encoderLayer(F, p);
  const loss = output.mul(p.projection).sum();
  loss.backward();
  return { output, loss };
}

const encode = (t: Tensor) => ({ shape: t.shape, data: Array.from(t.data) });

function maxAbsDiff(a: ArrayLike<number>, b: readonly number[]): number {
  let max = 0;
  for (let i = 0; i < b.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

interface TorchFacts {
  available: boolean;
  reason?: string;
  version?: string;
  threads?: number;
  output?: number[];
  loss?: number;
  gradients?: { linear1Weight: number[]; wq: number[] };
}

/** The engine's side: one step of the layer built on the given copy of the engine. */
function engineSide(autograd: Autograd): Side {
  const p = makeParameters(autograd);
  return localSide({ layer: () => step(autograd.functional, p) });
}

async function main(): Promise<void> {
  const autograd = await import("../../grader/autograd");
  const p = makeParameters(autograd);
  const { output, loss } = step(autograd.functional, p);
  const engineGradients = { linear1Weight: Float64Array.from(p.linear1Weight.grad!.data), wq: Float64Array.from(p.wq.grad!.data) };

  const sides: Record<string, Side> = { engine: engineSide(autograd) };
  // Earlier commits' engines, as sides named "at <commit>".
  const earlier: string[] = [];
  for (const rev of compare?.split(",") ?? []) {
    const copy = engineAtCommit(rev);
    const name = `at ${copy.commit}`;
    sides[name] = engineSide((await import(copy.autograd)) as Autograd);
    earlier.push(name);
  }
  const named = Object.fromEntries(Object.entries(p).map(([name, t]) => [name, encode(t)]));
  const torchProcess = flagArgument("--no-torch")
    ? { facts: { available: false, reason: "skipped (--no-torch)" }, side: null, close() {} }
    : await startTorch(
        join(__dirname, "transformer-layer_torch.py"),
        JSON.stringify({ dModel: D_MODEL, heads: HEADS, feedforward: FEEDFORWARD, tensors: named }),
      );
  const torch = torchProcess.facts as TorchFacts;
  if (torchProcess.side) sides.torch = torchProcess.side;
  const options = { warmup, rounds, runsPerTurn };
  const layer = await alternate(sides, "layer", options);
  torchProcess.close();

  const agreement =
    torch.available && torch.output && torch.gradients
      ? {
          outputMaxAbsDiff: maxAbsDiff(output.data, torch.output),
          lossAbsDiff: Math.abs(loss.item() - torch.loss!),
          linear1WeightGradMaxAbsDiff: maxAbsDiff(engineGradients.linear1Weight, torch.gradients.linear1Weight),
          queryWeightGradMaxAbsDiff: maxAbsDiff(engineGradients.wq, torch.gradients.wq),
        }
      : null;
  const torchSummary = torch.available
    ? { available: true, version: torch.version, threads: torch.threads, dtype: "float64", layer: layer.torch }
    : { available: false, reason: torch.reason };
  const ratio: Record<string, unknown> = {};
  if (torch.available) ratio["engine/torch"] = againstTarget(layer.engine, layer.torch, TARGET);
  for (const name of earlier) {
    ratio[`engine/${name}`] = ratioOf(layer.engine, layer[name]);
    if (torch.available) ratio[`${name}/torch`] = againstTarget(layer[name], layer.torch, TARGET);
  }
  const report = {
    benchmark: "Transformer encoder layer, forward + backward",
    date: new Date().toISOString(),
    machine: machineFacts(),
    workload:
      `nn.TransformerEncoderLayer(d_model=${D_MODEL}, nhead=${HEADS}, dim_feedforward=${FEEDFORWARD}, dropout=0, ` +
      `batch_first=True), post-norm, relu; input [${BATCH}, ${SEQUENCE}, ${D_MODEL}]; loss Σ output ⊙ R; every parameter gradient`,
    alternation: { ...options, order: Object.keys(sides).join(", ") + ", reversed every other round" },
    engine: { dtype: "float64", layer: layer.engine },
    earlier: earlier.map((name) => ({ commit: name.slice(3), layer: layer[name] })),
    torch: torchSummary,
    ratio,
    agreement,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

void main();
