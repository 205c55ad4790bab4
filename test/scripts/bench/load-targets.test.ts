import { judgeTargets, type JudgedConfiguration, type JudgedStage } from "../../../scripts/bench/load-targets";

// load.ts's verdict on the load targets, from the figures of its stages.

const stage = (connections: number, submissionsPerSecond: number, p99: number, page: number, floor?: [number, number]): JudgedStage => ({
  connections,
  submissionsPerSecond,
  latencyMs: { p99 },
  problemPageUnderLoadMs: { p50: page },
  ...(floor ? { floor: { requestsPerSecond: floor[0], latencyMs: { p99: floor[1] } } } : {}),
});

const configuration = (
  provider: "sqlite" | "postgresql",
  stages: JudgedStage[],
  extra: Partial<JudgedConfiguration> = {},
): JudgedConfiguration => ({
  provider,
  instances: 1,
  stages,
  integrity: { lost: 0, doubledOrUnknown: 0 },
  ...extra,
});

describe("judging a load run against the load targets", () => {
  it("takes PostgreSQL's best rate among the stages with p99 ≤ 100 ms, and its page at that stage", () => {
    const verdict = judgeTargets([
      configuration("postgresql", [stage(10, 420, 60, 38), stage(25, 520, 95, 44), stage(50, 610, 180, 70)]),
      configuration("postgresql", [stage(10, 400, 70, 40)], { instances: 2 }),
    ]);
    expect(verdict.postgresql).toMatchObject({
      best: {
        submissionsPerSecond: 520,
        p99Ms: 95,
        connections: 25,
        configuration: "postgresql, 1 process",
        problemPageUnderLoadP50Ms: 44,
      },
      met: true,
      problemPageMet: true,
      floorRequestsPerSecond: null,
      floorRulesItOut: null,
    });
  });

  it("misses by a hair as session 4 did (496/s at p99 81 ms)", () => {
    const verdict = judgeTargets([configuration("postgresql", [stage(25, 496, 81.4, 47)])]);
    expect(verdict.postgresql?.met).toBe(false);
    expect(verdict.postgresql?.problemPageMet).toBe(true);
  });

  it("says the floor rules the target out when even the floor within the p99 bound is under 500/s (this session's figures)", () => {
    const verdict = judgeTargets([
      configuration("postgresql", [stage(10, 83.2, 254.3, 126.4, [323.2, 75]), stage(50, 110, 567.4, 99.6, [480.6, 132])]),
      configuration("postgresql", [stage(10, 79.8, 259.4, 112.2, [409.2, 57]), stage(100, 109.1, 1614.5, 112.6, [606.4, 958])], {
        instances: 2,
      }),
    ]);
    expect(verdict.postgresql).toMatchObject({
      best: null,
      met: false,
      problemPageMet: false,
      floorRequestsPerSecond: 409.2,
      floorRulesItOut: true,
    });
  });

  it("judges SQLite by rate alone, over every configuration", () => {
    const verdict = judgeTargets([
      configuration("sqlite", [stage(50, 328.9, 400, 83, [900, 60])], { sqliteSynchronous: "NORMAL" }),
      configuration("sqlite", [stage(50, 299.6, 300, 82)], { sqliteSynchronous: "FULL" }),
    ]);
    expect(verdict.sqlite).toMatchObject({
      best: { submissionsPerSecond: 328.9, configuration: "sqlite NORMAL, 1 process", problemPageUnderLoadP50Ms: 83 },
      met: true,
      problemPageMet: false,
      floorRequestsPerSecond: 900,
      floorRulesItOut: false,
    });
    expect(verdict.postgresql).toBeUndefined();
  });

  it("fails integrity when any configuration lost or doubled a submission", () => {
    expect(judgeTargets([configuration("sqlite", [stage(10, 100, 50, 40)])]).noneLostOrDoubled).toBe(true);
    expect(
      judgeTargets([
        configuration("sqlite", [stage(10, 100, 50, 40)]),
        configuration("postgresql", [], { integrity: { lost: 0, doubledOrUnknown: 1 } }),
      ]).noneLostOrDoubled,
    ).toBe(false);
  });
});
