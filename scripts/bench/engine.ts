/**
 * Benchmark of the reference autograd engine: forward + backward
 * of the handout's Section 3 CNN (batch 2, 3×64×64 input, then a sum) and
 * of a one-hidden-layer MLP (784 → 128 → 10, relu, batch 64, then a sum),
 * in this engine (float64), in PyTorch (float64, one thread, through
 * scripts/bench/engine_torch.py when /usr/bin/python3 can import torch) and
 * in @tensorflow/tfjs's CPU backend (float32: the only type it has).
 *
 *   npx tsx scripts/bench/engine.ts [--runs 50] [--warmup 10] [--no-torch] [--no-tfjs] [--js-kernel]
 *
 * --js-kernel times the engine with its plain JavaScript matrix kernel
 * instead of the WebAssembly SIMD one (what runs where SIMD is missing).
 *
 * Prints one JSON object: median and p90 milliseconds over the timed runs
 * (after warm-up runs), and the ratios engine / PyTorch and engine / tfjs
 * of the medians (below 1: the engine is faster). tfjs, at over a second a
 * CNN step, is timed over at most 10 runs.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createRng, functional as F, randn, Tensor } from "../../grader/autograd";
import { setGemmKernel } from "../../grader/autograd/kernels/gemm";
import { flagArgument, numericArgument } from "../../test/harness/arguments";
import { machineFacts, timeRuns, type Timing } from "./timing";

const argument = numericArgument;
const runs = argument("--runs", 50);
const warmup = argument("--warmup", 10);

const time = timeRuns;

// ---------------------------------------------------------------- engine
function engineWorkloads() {
  const rng = createRng(0);
  /** A parameter: N(0, 0.1²) draws, a leaf that requires grad. */
  const leaf = (shape: number[]) => new Tensor(randn(shape, rng).mul(0.1).data, shape, { requiresGrad: true });

  const x = randn([2, 3, 64, 64], rng);
  const cnn = {
    w1: leaf([16, 3, 3, 3]),
    b1: leaf([16]),
    w2: leaf([32, 16, 3, 3]),
    b2: leaf([32]),
    w3: leaf([8, 32, 1, 1]),
    b3: leaf([8]),
    w4: leaf([4, 8, 5, 5]),
    b4: leaf([4]),
    wf: leaf([10, 576]),
    bf: leaf([10]),
  };
  const cnnStep = () => {
    const p = cnn;
    let h = F.conv2d(x, p.w1, p.b1, { padding: 1 });
    h = F.maxPool2d(h, { kernelSize: 2, stride: 2 });
    h = F.conv2d(h, p.w2, p.b2);
    h = F.maxPool2d(h, { kernelSize: 2, stride: 2, padding: 1 });
    h = F.conv2d(h, p.w3, p.b3);
    h = F.conv2d(h, p.w4, p.b4);
    const out = F.linear(h.flatten(1), p.wf, p.bf).sum();
    for (const t of Object.values(p)) t.grad = null;
    out.backward();
  };

  const xm = randn([64, 784], rng);
  const mlp = { w1: leaf([128, 784]), b1: leaf([128]), w2: leaf([10, 128]), b2: leaf([10]) };
  const mlpStep = () => {
    const p = mlp;
    const out = F.linear(F.linear(xm, p.w1, p.b1).relu(), p.w2, p.b2).sum();
    for (const t of Object.values(p)) t.grad = null;
    out.backward();
  };
  return { cnnStep, mlpStep };
}

// ---------------------------------------------------------------- PyTorch
function torchFigures(): Record<string, unknown> {
  if (flagArgument("--no-torch")) return { available: false, reason: "skipped (--no-torch)" };
  const python = "/usr/bin/python3";
  if (!existsSync(python)) return { available: false, reason: "torch not installed (no /usr/bin/python3)" };
  const script = join(__dirname, "engine_torch.py");
  const result = spawnSync(python, [script, String(warmup), String(runs)], { encoding: "utf8" });
  if (result.status !== 0) return { available: false, reason: `engine_torch.py failed: ${result.stderr.trim().split("\n").pop()}` };
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

// ---------------------------------------------------------------- tfjs
async function tfjsFigures(): Promise<Record<string, unknown>> {
  if (flagArgument("--no-tfjs")) return { available: false, reason: "skipped (--no-tfjs)" };
  let tf: typeof import("@tensorflow/tfjs");
  try {
    tf = await import("@tensorflow/tfjs");
  } catch {
    return { available: false, reason: "@tensorflow/tfjs not installed" };
  }
  // (tfjs prints a hint about tfjs-node on stderr; stdout stays pure JSON.)
  await tf.setBackend("cpu");
  await tf.ready();

  // Same workloads in tfjs's NHWC layout (HWIO filters); same arithmetic.
  const v = (shape: number[]) => tf.variable(tf.randomNormal(shape, 0, 0.1, "float32"));
  const x = tf.randomNormal([2, 64, 64, 3], 0, 1, "float32") as import("@tensorflow/tfjs").Tensor4D;
  const cnn = {
    w1: v([3, 3, 3, 16]),
    b1: v([16]),
    w2: v([3, 3, 16, 32]),
    b2: v([32]),
    w3: v([1, 1, 32, 8]),
    b3: v([8]),
    w4: v([5, 5, 8, 4]),
    b4: v([4]),
    wf: v([576, 10]),
    bf: v([10]),
  };
  const cnnStep = () => {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const p = cnn;
        let h = tf.conv2d(x, p.w1 as never, 1, 1).add(p.b1) as import("@tensorflow/tfjs").Tensor4D;
        h = tf.maxPool(h, 2, 2, "valid");
        h = tf.conv2d(h, p.w2 as never, 1, "valid").add(p.b2) as import("@tensorflow/tfjs").Tensor4D;
        h = tf.maxPool(h, 2, 2, 1);
        h = tf.conv2d(h, p.w3 as never, 1, "valid").add(p.b3) as import("@tensorflow/tfjs").Tensor4D;
        h = tf.conv2d(h, p.w4 as never, 1, "valid").add(p.b4) as import("@tensorflow/tfjs").Tensor4D;
        return tf
          .matMul(h.reshape([2, 576]), p.wf)
          .add(p.bf)
          .sum() as import("@tensorflow/tfjs").Scalar;
      });
      for (const g of Object.values(grads)) g.dataSync();
    });
  };
  const xm = tf.randomNormal([64, 784], 0, 1, "float32");
  const mlp = { w1: v([784, 128]), b1: v([128]), w2: v([128, 10]), b2: v([10]) };
  const mlpStep = () => {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const p = mlp;
        const hidden = tf.relu(tf.matMul(xm, p.w1).add(p.b1));
        return tf.matMul(hidden, p.w2).add(p.b2).sum() as import("@tensorflow/tfjs").Scalar;
      });
      for (const g of Object.values(grads)) g.dataSync();
    });
  };
  const tfRuns = Math.max(3, Math.min(runs, 10));
  return {
    available: true,
    version: tf.version.tfjs,
    backend: tf.getBackend(),
    dtype: "float32 (tfjs has no float64)",
    cnn: time(cnnStep, 2, tfRuns),
    mlp: time(mlpStep, 3, runs),
  };
}

async function main(): Promise<void> {
  const { cnnStep, mlpStep } = engineWorkloads();
  const kernel = setGemmKernel(flagArgument("--js-kernel") ? "js" : "wasm");
  const engine = { dtype: "float64", gemmKernel: kernel, cnn: time(cnnStep, warmup, runs), mlp: time(mlpStep, warmup, runs) };
  const torch = torchFigures();
  const tfjs = await tfjsFigures();
  const ratio = (other: Record<string, unknown>, key: "cnn" | "mlp") =>
    other.available ? Number((engine[key].medianMs / (other[key] as Timing).medianMs).toPrecision(3)) : null;
  const report = {
    benchmark: "grader/autograd engine",
    date: new Date().toISOString(),
    machine: machineFacts(),
    workloads: {
      cnn:
        "handout Section 3 CNN: Conv(3→16,k3,p1), MaxPool(2,2), Conv(16→32,k3), MaxPool(2,2,p1), Conv(32→8,k1), " +
        "Conv(8→4,k5), Flatten, Linear(576→10); batch 2, 3×64×64 input, sum; forward + backward (parameter gradients)",
      mlp: "Linear(784→128), ReLU, Linear(128→10); batch 64, sum; forward + backward (parameter gradients)",
    },
    engine,
    torch,
    tfjs,
    ratios: {
      "engine/torch cnn": ratio(torch, "cnn"),
      "engine/torch mlp": ratio(torch, "mlp"),
      "engine/tfjs cnn": ratio(tfjs, "cnn"),
      "engine/tfjs mlp": ratio(tfjs, "mlp"),
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

void main();
