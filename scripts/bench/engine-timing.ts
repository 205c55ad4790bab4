/**
 * The engine's timing process: the engine's counterpart of torch_timing.py,
 * so that each side of an alternated run (alternate.ts) is timed in a
 * process of its own that holds only its workload.
 *
 * Why a process of its own: a step's CPU time includes V8's helper threads,
 * and a major collection marks the whole heap. In the benchmark's own
 * process that heap also holds tsx, the harness and the other sides, so the
 * engine's CPU time there depends on what the benchmark holds, not on the
 * engine (BENCHMARKS.md, "The engine in a process of its own"). The product
 * runs the engine in grading threads that hold little else.
 *
 *   node --import tsx scripts/bench/engine-timing.ts
 *
 * Protocol, as torch_timing.py's: the first line on stdin is a JSON request
 * {workload: "cnn-mlp" | "transformer", autograd: path of the engine's
 * autograd/index.ts, gemm: path of its kernels/gemm.ts, kernel: "wasm" | "js"};
 * the process answers with one JSON line of facts, then for each line
 * "NAME RUNS" times step NAME RUNS times and answers {"times": [...], "cpuMs"}.
 * An empty line or the end of input stops it.
 */
import { createInterface } from "node:readline";
import { workloadSteps, type EngineWorkload } from "./workloads";

type Autograd = typeof import("../../grader/autograd");
type GemmModule = typeof import("../../grader/autograd/kernels/gemm");

export interface EngineTimingRequest {
  workload: EngineWorkload;
  autograd: string;
  gemm: string;
  kernel: "wasm" | "js";
}

const reply = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function serve(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  let steps: Record<string, () => void> | null = null;
  for await (const line of lines) {
    if (!line.trim()) break;
    if (!steps) {
      const request = JSON.parse(line) as EngineTimingRequest;
      const autograd = (await import(request.autograd)) as Autograd;
      const gemm = (await import(request.gemm)) as GemmModule;
      // An earlier commit's engine may predate the choice of kernel.
      const kernel = typeof gemm.setGemmKernel === "function" ? gemm.setGemmKernel(request.kernel) : "default";
      steps = workloadSteps(request.workload, autograd);
      reply({ available: true, gemmKernel: kernel, pid: process.pid });
      continue;
    }
    const [name, runs] = line.split(" ");
    const step = steps[name];
    const times: number[] = [];
    const before = process.cpuUsage();
    for (let i = 0; i < Number(runs); i++) {
      const start = performance.now();
      step();
      times.push(performance.now() - start);
    }
    const used = process.cpuUsage(before);
    reply({ times, cpuMs: (used.user + used.system) / 1000 });
  }
  lines.close();
}

void serve();
