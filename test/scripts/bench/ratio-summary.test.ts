import { judgeTargets, type JudgedConfiguration } from "../../../scripts/bench/load-targets";
import { summarizeRatios } from "../../../scripts/bench/ratio-summary";

// `npm run bench`'s closing summary: every issue 24 ratio, read from the
// verdicts the benchmarks printed, with a missing benchmark shown as unmet.

const configuration = (provider: "sqlite" | "postgresql", cpu: number, lost = 0): JudgedConfiguration => ({
  provider,
  instances: 1,
  problemPage: { medianMs: 20 },
  stages: [
    {
      connections: 50,
      submissionsPerSecond: 300,
      latencyMs: { p99: 60 },
      serverCpuMsPerSubmission: cpu,
      problemPageUnderLoadMs: { p50: 30 },
      floor: { requestsPerSecond: 400, latencyMs: { p99: 40 }, serverCpuMsPerRequest: 2 },
    },
  ],
  integrity: { lost, doubledOrUnknown: 0 },
});

const alternated = (ratio: number, cpuRatio: number, target: number) => ({
  ratio,
  cpuRatio,
  target,
  met: ratio <= target,
  metByCpuTime: cpuRatio <= target,
});

describe("the ratio summary of npm run bench", () => {
  it("lists every load ratio per database with its worst value and where it was seen", () => {
    const targets = judgeTargets([configuration("sqlite", 3), configuration("postgresql", 5)]);
    const { lines } = summarizeRatios({ load: { targets } });
    const cost = lines.filter((line) => line.ratio.endsWith("cpuPerSubmissionOverFloor"));
    expect(cost.map((line) => [line.ratio, line.value, line.met])).toEqual([
      ["sqlite: cpuPerSubmissionOverFloor", 1.5, true],
      ["postgresql: cpuPerSubmissionOverFloor", 2.5, false],
    ]);
    expect(cost[1].note).toBe("worst at postgresql, 1 process, 50 connections");
    const rate = lines.find((line) => line.ratio === "sqlite: rateOverFloor");
    expect(rate).toMatchObject({ value: 0.75, met: true });
  });

  it("meets the engine targets only when both wall time and CPU time are within them", () => {
    const { lines } = summarizeRatios({
      engine: { ratios: { "engine/torch cnn": alternated(1.2, 1.7, 1.5) }, torch: { available: true } },
      transformer: { ratio: { "engine/torch": alternated(1.3, 1.4, 2) }, torch: { available: true } },
    });
    expect(lines.find((line) => line.ratio === "engine/torch cnn")).toMatchObject({ value: 1.2, cpuValue: 1.7, met: false });
    expect(lines.find((line) => line.ratio === "engine/torch transformer layer")).toMatchObject({ value: 1.3, cpuValue: 1.4, met: true });
  });

  it("shows a benchmark that did not run, or ran without PyTorch, as unmet and says why", () => {
    const { lines, met } = summarizeRatios({ engine: { torch: { available: false, reason: "python3 cannot import torch" } } });
    expect(met).toBe(false);
    expect(lines.find((line) => line.ratio === "engine/torch cnn")).toMatchObject({
      value: null,
      met: false,
      note: "python3 cannot import torch",
    });
    expect(lines.find((line) => line.ratio === "sqlite: load")).toMatchObject({ met: false, note: "not measured in this run" });
    expect(lines.find((line) => line.ratio === "lost or doubled submissions")).toMatchObject({ met: false });
  });

  it("reports a lost submission as a miss even when every ratio is met", () => {
    const targets = judgeTargets([configuration("sqlite", 3, 1)]);
    const { lines } = summarizeRatios({ load: { targets } });
    expect(lines.find((line) => line.ratio === "lost or doubled submissions")).toMatchObject({ met: false });
  });
});
