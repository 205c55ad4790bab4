/**
 * Benchmark of one Transformer encoder layer, forward + backward, in the
 * engine (float64) and in PyTorch (float64, one thread, through
 * scripts/bench/transformer-layer_torch.py) in the same run, on the same
 * weights and input, with a check that the two agree numerically.
 *
 *   PYTHONPATH=/work/torch2 npx tsx scripts/bench/transformer-layer.ts [--runs 100] [--warmup 10] [--no-torch]
 *
 * The layer is nn.TransformerEncoderLayer(d_model 64, nhead 4,
 * dim_feedforward 128, dropout 0, activation relu, batch_first, post-norm),
 * on a batch of 2 sequences of 16 tokens, built here from the engine's ops:
 *   a = out_proj(scaledDotProductAttention(heads(x·W_qᵀ), heads(x·W_kᵀ), heads(x·W_vᵀ)))
 *   h = layerNorm(x + a);   y = layerNorm(h + linear2(relu(linear1(h))))
 * The loss is Σ y ⊙ R with a fixed random R (a plain sum of a layer norm's
 * output has gradient 0 before the norm, which would test nothing).
 *
 * Prints one JSON object: median and p90 milliseconds of each side, their
 * ratio (engine / PyTorch; below 1 the engine is faster), and the largest
 * absolute differences of the output, the loss and two weight gradients.
 * Without torch it says why and still prints the engine's figures.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { cpus, loadavg } from "node:os";
import { createRng, functional as F, randn, Tensor } from "../../grader/autograd";
import { flagArgument, numericArgument } from "../../test/harness/arguments";
import { quantile, roundMs, sampleTimes } from "./timing";

const runs = numericArgument("--runs", 100);
const warmup = numericArgument("--warmup", 10);

const D_MODEL = 64;
const HEADS = 4;
const FEEDFORWARD = 128;
const SEQUENCE = 16;
const BATCH = 2;
const HEAD_DIM = D_MODEL / HEADS;

interface Timing {
  medianMs: number;
  p90Ms: number;
  runs: number;
}

function time(step: () => void): Timing {
  const times = sampleTimes(step, warmup, runs);
  return { medianMs: roundMs(quantile(times, 0.5)), p90Ms: roundMs(quantile(times, 0.9)), runs };
}

/** The layer's parameters, named as nn.TransformerEncoderLayer's state dict (in_proj split into q, k, v). */
function makeParameters() {
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

function encoderLayer(p: Parameters): Tensor {
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

function step(p: Parameters): { output: Tensor; loss: Tensor } {
  for (const t of trainable(p)) t.grad = null;
  const output = encoderLayer(p);
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

interface TorchReport {
  available: boolean;
  reason?: string;
  version?: string;
  threads?: number;
  layer?: Timing;
  output?: number[];
  loss?: number;
  gradients?: { linear1Weight: number[]; wq: number[] };
}

function torchFigures(p: Parameters): TorchReport {
  if (flagArgument("--no-torch")) return { available: false, reason: "skipped (--no-torch)" };
  const script = join(__dirname, "transformer-layer_torch.py");
  const named = Object.fromEntries(Object.entries(p).map(([name, t]) => [name, encode(t)]));
  const result = spawnSync("python3", [script, String(warmup), String(runs)], {
    input: JSON.stringify({ dModel: D_MODEL, heads: HEADS, feedforward: FEEDFORWARD, tensors: named }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) return { available: false, reason: `python3 could not be run (${result.error.message})` };
  if (result.status !== 0)
    return { available: false, reason: `transformer-layer_torch.py failed: ${result.stderr.trim().split("\n").pop()}` };
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as TorchReport;
}

function main(): void {
  const p = makeParameters();
  const { output, loss } = step(p);
  const engineGradients = { linear1Weight: Float64Array.from(p.linear1Weight.grad!.data), wq: Float64Array.from(p.wq.grad!.data) };
  const engine = { dtype: "float64", layer: time(() => step(p)) };
  const torch = torchFigures(p);
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
    ? { available: true, version: torch.version, threads: torch.threads, dtype: "float64", layer: torch.layer }
    : { available: false, reason: torch.reason };
  const report = {
    benchmark: "Transformer encoder layer, forward + backward",
    date: new Date().toISOString(),
    // The load average says whether other work shared the cores during the run.
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      node: process.version,
      loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    },
    workload:
      `nn.TransformerEncoderLayer(d_model=${D_MODEL}, nhead=${HEADS}, dim_feedforward=${FEEDFORWARD}, dropout=0, ` +
      `batch_first=True), post-norm, relu; input [${BATCH}, ${SEQUENCE}, ${D_MODEL}]; loss Σ output ⊙ R; every parameter gradient`,
    engine,
    torch: torchSummary,
    ratio: { "engine/torch": torch.available ? Number((engine.layer.medianMs / torch.layer!.medianMs).toPrecision(3)) : null },
    agreement,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
