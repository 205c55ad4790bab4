/**
 * Benchmark of one Transformer encoder layer, forward + backward, in the
 * engine (float64) and in PyTorch (float64, one thread, through
 * scripts/bench/transformer-layer_torch.py) taking turns in the same run
 * (alternate.ts), each in a process of its own (engine-timing.ts; the engine
 * is also timed in this process, as before, for comparison), on the same
 * weights and input, with a check that the two
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
import { againstTarget, alternate, engineSides, IN_BENCH_PROCESS, ratioOf, startTorch } from "./alternate";
import { machineFacts } from "./timing";
import { BATCH, D_MODEL, FEEDFORWARD, HEADS, makeParameters, SEQUENCE, step } from "./workloads/transformer-layer";

// A step takes well under a millisecond: turns of 50 steps (tens of ms) each take their share of the garbage
// collector's work, and 100 untimed steps let V8 finish optimising the engine's code before any is timed.
const warmup = numericArgument("--warmup", 100);
const rounds = numericArgument("--rounds", 10);
const runsPerTurn = numericArgument("--runs-per-turn", 50);
const compare = optionalTextArgument("--compare");

/** Issue 24: the layer's step at most twice PyTorch 2.x's, on one float64 thread. */
const TARGET = 2;

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

async function main(): Promise<void> {
  const autograd = await import("../../grader/autograd");
  const p = makeParameters(autograd);
  const { output, loss } = step(autograd.functional, p);
  const engineGradients = { linear1Weight: Float64Array.from(p.linear1Weight.grad!.data), wq: Float64Array.from(p.wq.grad!.data) };

  const engines = await engineSides("transformer", compare?.split(",") ?? []);
  const { sides } = engines;
  const earlier = engines.earlier.map(({ name }) => name);
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
  engines.close();

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
  if (torch.available) {
    ratio["engine/torch"] = againstTarget(layer.engine, layer.torch, TARGET);
    ratio[`${IN_BENCH_PROCESS}/torch`] = againstTarget(layer[IN_BENCH_PROCESS], layer.torch, TARGET);
  }
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
    engine: { dtype: "float64", process: "its own", layer: layer.engine },
    engineInBenchProcess: { layer: layer[IN_BENCH_PROCESS] },
    earlier: earlier.map((name) => ({ commit: name.slice(3), layer: layer[name] })),
    torch: torchSummary,
    ratio,
    agreement,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

void main();
