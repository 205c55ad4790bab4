/**
 * The engine's side of scripts/bench/engine.ts: one forward + backward step of
 * the handout's Section 3 CNN and of a one-hidden-layer MLP, built on a given
 * copy of the engine (this tree's, or an earlier commit's for --compare).
 * Imported both by engine.ts and by the engine's own timing process
 * (engine-timing.ts), so it imports nothing of the harness.
 */
type Autograd = typeof import("../../../grader/autograd");

/** The two steps, on fixed random weights and inputs (seed 0). */
export function cnnAndMlpSteps({ createRng, functional: F, randn, Tensor }: Autograd): Record<"cnn" | "mlp", () => void> {
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
  return { cnn: cnnStep, mlp: mlpStep };
}
