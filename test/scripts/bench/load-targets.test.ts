import { judgeTargets, type JudgedConfiguration, type JudgedStage } from "../../../scripts/bench/load-targets";

// load.ts's verdict on issue 24's targets: ratios to the floor and to the
// unloaded page, measured in the same run.

interface StageFigures {
  connections: number;
  rate: number;
  p99: number;
  cpu: number;
  page: number;
  floor?: { rate: number; p99: number; cpu: number };
}

const stage = ({ connections, rate, p99, cpu, page, floor }: StageFigures): JudgedStage => ({
  connections,
  submissionsPerSecond: rate,
  latencyMs: { p99 },
  serverCpuMsPerSubmission: cpu,
  problemPageUnderLoadMs: { p50: page },
  ...(floor ? { floor: { requestsPerSecond: floor.rate, latencyMs: { p99: floor.p99 }, serverCpuMsPerRequest: floor.cpu } } : {}),
});

const configuration = (
  provider: "sqlite" | "postgresql",
  stages: JudgedStage[],
  extra: Partial<JudgedConfiguration> = {},
): JudgedConfiguration => ({
  provider,
  instances: 1,
  problemPage: { medianMs: 20 },
  stages,
  integrity: { lost: 0, doubledOrUnknown: 0 },
  ...extra,
});

/** A stage that meets every target: 1.5× the floor's CPU, 70 % of its rate, 2× its p99, the page 1.5× slower. */
const good = (connections: number) => stage({ connections, rate: 700, p99: 40, cpu: 3, page: 30, floor: { rate: 1000, p99: 20, cpu: 2 } });

describe("judging a load run by ratios to the same run's floor", () => {
  it("meets every target when each stage is within its ratio", () => {
    const verdict = judgeTargets([configuration("sqlite", [good(25), good(100)])]);
    expect(verdict.met).toBe(true);
    expect(verdict.sqlite).toMatchObject({
      cpuPerSubmissionOverFloor: { worst: 1.5, met: true },
      rateOverFloor: { worst: 0.7, met: true },
      p99OverFloor: { worst: 2, met: true },
      pageUnderLoadOverUnloaded: { worst: 1.5, met: true },
      noneLostOrDoubled: true,
      met: true,
    });
  });

  it("misses every ratio with issue 24's SQLite figures, and names the worst stage", () => {
    // The table: CPU 3.6–4.3×, rate 31–34 %, p99 2.5–3.1×, page 3.2–3.9×.
    const verdict = judgeTargets([
      configuration("sqlite", [
        stage({ connections: 25, rate: 340, p99: 50, cpu: 3.6, page: 64, floor: { rate: 1000, p99: 20, cpu: 1 } }),
        stage({ connections: 100, rate: 310, p99: 155, cpu: 4.3, page: 78, floor: { rate: 1000, p99: 50, cpu: 1 } }),
      ]),
    ]);
    expect(verdict.met).toBe(false);
    expect(verdict.sqlite?.cpuPerSubmissionOverFloor).toMatchObject({ worst: 4.3, at: "sqlite, 1 process, 100 connections", met: false });
    expect(verdict.sqlite?.rateOverFloor).toMatchObject({ worst: 0.31, met: false });
    expect(verdict.sqlite?.p99OverFloor).toMatchObject({ worst: 3.1, met: false });
    expect(verdict.sqlite?.pageUnderLoadOverUnloaded).toMatchObject({ worst: 3.9, met: false });
    expect(verdict.sqlite?.cpuPerSubmissionOverFloor.stages.map((s) => s.ratio)).toEqual([3.6, 4.3]);
  });

  it("fails rate and p99 where the stage or its floor left connections unanswered, whatever the ratios", () => {
    const floorStarved: JudgedStage = { ...good(500), floor: { ...good(500).floor!, connectionsAnswered: 180 } };
    const stageStarved: JudgedStage = { ...good(250), connectionsAnswered: 249 };
    const everyone: JudgedStage = { ...good(100), connectionsAnswered: 100, floor: { ...good(100).floor!, connectionsAnswered: 100 } };
    const verdict = judgeTargets([configuration("sqlite", [everyone, stageStarved, floorStarved])]);
    expect(verdict.sqlite?.p99OverFloor).toMatchObject({ worst: 2, met: false });
    expect(verdict.sqlite?.rateOverFloor).toMatchObject({ worst: 0.7, met: false });
    expect(verdict.sqlite?.p99OverFloor.stages.map((s) => s.starved ?? false)).toEqual([false, true, true]);
    // Cost and pages are per request, not "at the same connections".
    expect(verdict.sqlite?.cpuPerSubmissionOverFloor.met).toBe(true);
    expect(verdict.sqlite?.pageUnderLoadOverUnloaded.met).toBe(true);
    expect(judgeTargets([configuration("sqlite", [everyone])]).met).toBe(true);
  });

  it("fails a database when one stage of one configuration misses, though the others meet it", () => {
    const slow = stage({ connections: 100, rate: 700, p99: 40, cpu: 5, page: 30, floor: { rate: 1000, p99: 20, cpu: 2 } });
    const verdict = judgeTargets([
      configuration("postgresql", [good(25)]),
      configuration("postgresql", [good(25), slow], { instances: 2 }),
    ]);
    expect(verdict.postgresql?.cpuPerSubmissionOverFloor).toMatchObject({
      worst: 2.5,
      at: "postgresql, 2 processes, 100 connections",
      met: false,
    });
    expect(verdict.postgresql?.rateOverFloor.met).toBe(true);
    expect(verdict.postgresql?.met).toBe(false);
  });

  it("judges each database on its own configurations", () => {
    const verdict = judgeTargets([
      configuration("sqlite", [good(25)], { sqliteSynchronous: "FULL" }),
      configuration("postgresql", [
        stage({ connections: 25, rate: 500, p99: 40, cpu: 3, page: 30, floor: { rate: 1000, p99: 20, cpu: 2 } }),
      ]),
    ]);
    expect(verdict.sqlite?.met).toBe(true);
    expect(verdict.postgresql?.rateOverFloor).toMatchObject({ worst: 0.5, met: false });
    expect(verdict.met).toBe(false);
  });

  it("cannot meet a floor ratio in a run that measured no floor", () => {
    const verdict = judgeTargets([configuration("sqlite", [stage({ connections: 25, rate: 700, p99: 40, cpu: 3, page: 30 })])]);
    expect(verdict.sqlite?.cpuPerSubmissionOverFloor).toMatchObject({ worst: null, at: null, met: false });
    expect(verdict.sqlite?.pageUnderLoadOverUnloaded).toMatchObject({ worst: 1.5, met: true });
    expect(verdict.met).toBe(false);
  });

  it("fails integrity when any configuration lost or doubled a submission", () => {
    expect(judgeTargets([configuration("sqlite", [good(25)])]).noneLostOrDoubled).toBe(true);
    const verdict = judgeTargets([
      configuration("sqlite", [good(25)]),
      configuration("postgresql", [good(25)], { integrity: { lost: 0, doubledOrUnknown: 1 } }),
    ]);
    expect(verdict.noneLostOrDoubled).toBe(false);
    expect(verdict.postgresql?.noneLostOrDoubled).toBe(false);
    expect(verdict.sqlite?.met).toBe(true);
    expect(verdict.met).toBe(false);
  });
});
