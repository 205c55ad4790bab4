/**
 * Issue 9's targets for the deadline rush, judged from load.ts's results,
 * so that a run says by itself whether they were met and, through the
 * floor (GET /api/health at the same connections), whether this machine
 * rules them out:
 * - PostgreSQL: ≥ 500 submissions/s at p99 ≤ 100 ms;
 * - SQLite: ≥ 300 submissions/s;
 * - the problem page ≤ 50 ms p50 under that load (at the stage that gave
 *   the best rate);
 * - no submission lost or doubled.
 */
import type { DatabaseProvider } from "../../lib/db/provider";

export const TARGETS = {
  postgresql: { submissionsPerSecond: 500, p99Ms: 100 },
  sqlite: { submissionsPerSecond: 300, p99Ms: Infinity },
  problemPageUnderLoadP50Ms: 50,
} as const;

/** What the verdict reads of one stage (load.ts's StageResult has more). */
export interface JudgedStage {
  connections: number;
  submissionsPerSecond: number;
  latencyMs: { p99: number };
  problemPageUnderLoadMs: { p50: number };
  floor?: { requestsPerSecond: number; latencyMs: { p99: number } };
}

/** What the verdict reads of one configuration. */
export interface JudgedConfiguration {
  provider: DatabaseProvider;
  instances: number;
  sqliteSynchronous?: string;
  stages: JudgedStage[];
  integrity: { lost: number; doubledOrUnknown: number };
}

export interface DatabaseVerdict {
  target: string;
  /** The best rate among the stages within the p99 bound, and where it was seen; null if no stage was within it. */
  best: {
    submissionsPerSecond: number;
    p99Ms: number;
    connections: number;
    configuration: string;
    problemPageUnderLoadP50Ms: number;
  } | null;
  met: boolean;
  problemPageMet: boolean;
  /** The best floor within the same p99 bound, over every stage (null: the run measured no floor). */
  floorRequestsPerSecond: number | null;
  /**
   * true when even that floor is under the target: no submission path can
   * meet it on this machine, which then cannot show the target either way.
   * false says only that the floor does not rule it out (a submission costs
   * several times the floor).
   */
  floorRulesItOut: boolean | null;
}

export interface Verdict {
  postgresql?: DatabaseVerdict;
  sqlite?: DatabaseVerdict;
  noneLostOrDoubled: boolean;
}

const configurationName = (configuration: JudgedConfiguration) =>
  `${configuration.provider}${configuration.sqliteSynchronous ? ` ${configuration.sqliteSynchronous}` : ""}, ` +
  `${configuration.instances} process${configuration.instances === 1 ? "" : "es"}`;

function judgeDatabase(provider: DatabaseProvider, configurations: JudgedConfiguration[]): DatabaseVerdict {
  const target = TARGETS[provider];
  let best: DatabaseVerdict["best"] = null;
  let floor: number | null = null;
  for (const configuration of configurations) {
    for (const stage of configuration.stages) {
      if (stage.latencyMs.p99 <= target.p99Ms && stage.submissionsPerSecond > (best?.submissionsPerSecond ?? -1)) {
        best = {
          submissionsPerSecond: stage.submissionsPerSecond,
          p99Ms: stage.latencyMs.p99,
          connections: stage.connections,
          configuration: configurationName(configuration),
          problemPageUnderLoadP50Ms: stage.problemPageUnderLoadMs.p50,
        };
      }
      if (stage.floor && stage.floor.latencyMs.p99 <= target.p99Ms) floor = Math.max(floor ?? 0, stage.floor.requestsPerSecond);
    }
  }
  const anyFloor = configurations.some((configuration) => configuration.stages.some((stage) => stage.floor));
  return {
    target:
      `≥ ${target.submissionsPerSecond} submissions/s${Number.isFinite(target.p99Ms) ? ` at p99 ≤ ${target.p99Ms} ms` : ""}, ` +
      `page ≤ ${TARGETS.problemPageUnderLoadP50Ms} ms p50`,
    best,
    met: best !== null && best.submissionsPerSecond >= target.submissionsPerSecond,
    problemPageMet: best !== null && best.problemPageUnderLoadP50Ms <= TARGETS.problemPageUnderLoadP50Ms,
    floorRequestsPerSecond: anyFloor ? (floor ?? 0) : null,
    floorRulesItOut: anyFloor ? (floor ?? 0) < target.submissionsPerSecond : null,
  };
}

/** The targets' verdict for a run: one entry per database measured. */
export function judgeTargets(configurations: JudgedConfiguration[]): Verdict {
  const verdict: Verdict = { noneLostOrDoubled: configurations.every((c) => c.integrity.lost === 0 && c.integrity.doubledOrUnknown === 0) };
  for (const provider of ["postgresql", "sqlite"] as const) {
    const measured = configurations.filter((configuration) => configuration.provider === provider);
    if (measured.length > 0) verdict[provider] = judgeDatabase(provider, measured);
  }
  return verdict;
}
