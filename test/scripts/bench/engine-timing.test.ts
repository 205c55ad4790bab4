import { startEngine, type Side, type TimingProcess } from "../../../scripts/bench/alternate";

// The engine's timing process (scripts/bench/engine-timing.ts) speaks
// torch_timing.py's protocol, so that `npm run bench` times the engine in a
// process of its own as it times PyTorch. These run the real process.

const AUTOGRAD = require.resolve("../../../grader/autograd");
const GEMM = require.resolve("../../../grader/autograd/kernels/gemm");

describe("the engine's timing process", () => {
  let engine: (TimingProcess & { side: Side }) | undefined;
  afterEach(() => engine?.close());

  it("answers a turn of the Transformer layer with each run's time and the turn's CPU time", async () => {
    engine = await startEngine({ workload: "transformer", autograd: AUTOGRAD, gemm: GEMM, kernel: "wasm" });
    expect(engine.facts).toMatchObject({ available: true, gemmKernel: "wasm" });
    expect(engine.facts.pid).not.toBe(process.pid);
    const turn = await engine.side("layer", 3);
    expect(turn.times).toHaveLength(3);
    for (const ms of turn.times) expect(ms).toBeGreaterThan(0);
    expect(turn.cpuMs).toBeGreaterThan(0);
  }, 60_000);

  it("runs the CNN and the MLP steps with the kernel asked for", async () => {
    engine = await startEngine({ workload: "cnn-mlp", autograd: AUTOGRAD, gemm: GEMM, kernel: "js" });
    expect(engine.facts.gemmKernel).toBe("js");
    expect((await engine.side("cnn", 1)).times).toHaveLength(1);
    expect((await engine.side("mlp", 2)).times).toHaveLength(2);
  }, 60_000);

  it("fails to start with the reason when the engine cannot be loaded", async () => {
    await expect(startEngine({ workload: "cnn-mlp", autograd: "/nowhere/autograd.ts", gemm: GEMM, kernel: "wasm" })).rejects.toThrow(
      /engine's timing process did not start/,
    );
  }, 60_000);
});
