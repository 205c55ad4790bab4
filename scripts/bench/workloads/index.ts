/**
 * The engine's workloads by name, as the benchmarks ask for them: the same
 * steps whether the engine runs in its own timing process (engine-timing.ts)
 * or in the bench's (alternate.ts engineSides).
 */
import { cnnAndMlpSteps } from "./cnn-mlp";
import { transformerSteps } from "./transformer-layer";

type Autograd = typeof import("../../../grader/autograd");

export type EngineWorkload = "cnn-mlp" | "transformer";

/** The named workload's steps, built on the given copy of the engine. */
export function workloadSteps(workload: EngineWorkload, autograd: Autograd): Record<string, () => void> {
  return workload === "cnn-mlp" ? cnnAndMlpSteps(autograd) : transformerSteps(autograd);
}
