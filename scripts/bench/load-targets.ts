/**
 * Issue 24's targets for the deadline rush, judged from load.ts's results.
 * Every target is a ratio to a figure measured in the same run, because the
 * machines differ in speed by up to 3× and an absolute rate means nothing
 * across them:
 * - cost: server CPU per submission ≤ 2× the floor request's (GET
 *   /api/health on the same connections, in slices alternated with the
 *   stage's);
 * - rate: submissions/s ≥ 60 % of the floor's requests/s at the same
 *   connections, with p99 ≤ 3× the floor's p99;
 * - pages in a rush: the problem page's p50 during a stage ≤ 2× its
 *   unloaded p50, measured on the same server before the rush;
 * - none lost and none doubled, in every configuration.
 * A target is met only if every stage of every configuration of that
 * database meets it: the verdict names the worst stage, so a miss points at
 * where to look. Rate and p99 compare "at the same connections", so a stage
 * where the stage or its floor left some connections unanswered (starved:
 * closed-loop.ts) fails them, whatever its ratio.
 */
import type { DatabaseProvider } from "../../lib/db/provider";

export const TARGETS = {
  /** serverCpuMsPerSubmission / floor.serverCpuMsPerRequest, at most. */
  cpuPerSubmissionOverFloor: 2,
  /** submissionsPerSecond / floor.requestsPerSecond, at least. */
  rateOverFloor: 0.6,
  /** submission p99 / floor p99, at most. */
  p99OverFloor: 3,
  /** problem page p50 under load / unloaded p50, at most. */
  pageUnderLoadOverUnloaded: 2,
} as const;

/** What the verdict reads of one stage (load.ts's StageResult has more). */
export interface JudgedStage {
  connections: number;
  /** How many of `connections` were answered in the timed stage (absent in runs from before it was counted). */
  connectionsAnswered?: number;
  submissionsPerSecond: number;
  latencyMs: { p99: number };
  serverCpuMsPerSubmission: number;
  problemPageUnderLoadMs: { p50: number };
  floor?: { requestsPerSecond: number; connectionsAnswered?: number; latencyMs: { p99: number }; serverCpuMsPerRequest: number };
}

/** What the verdict reads of one configuration. */
export interface JudgedConfiguration {
  provider: DatabaseProvider;
  instances: number;
  sqliteSynchronous?: string;
  /** The problem page's server time, unloaded, on the same server before the rush. */
  problemPage: { medianMs: number };
  stages: JudgedStage[];
  integrity: { lost: number; doubledOrUnknown: number };
}

/** One ratio, judged: its worst value over the stages, where that was, and whether every stage met it. */
export interface RatioVerdict {
  target: string;
  /** The worst ratio over every stage that measured it (null: no stage did, e.g. a run with --floor-seconds 0). */
  worst: number | null;
  /** Where the worst ratio was seen. */
  at: string | null;
  /** Every stage's ratio, in order, named by configuration and connections; `starved` where it was not at the same connections. */
  stages: { at: string; ratio: number; starved?: true }[];
  met: boolean;
}

export interface DatabaseVerdict {
  cpuPerSubmissionOverFloor: RatioVerdict;
  rateOverFloor: RatioVerdict;
  p99OverFloor: RatioVerdict;
  pageUnderLoadOverUnloaded: RatioVerdict;
  noneLostOrDoubled: boolean;
  met: boolean;
}

export interface Verdict {
  postgresql?: DatabaseVerdict;
  sqlite?: DatabaseVerdict;
  noneLostOrDoubled: boolean;
  met: boolean;
}

const configurationName = (configuration: JudgedConfiguration) =>
  `${configuration.provider}${configuration.sqliteSynchronous ? ` ${configuration.sqliteSynchronous}` : ""}, ` +
  `${configuration.instances} process${configuration.instances === 1 ? "" : "es"}`;

const round = (value: number) => Math.round(value * 100) / 100;

/** Whether some of the stage's connections, or of its floor's, were never answered. */
const starved = (stage: JudgedStage) =>
  [stage.connectionsAnswered, stage.floor?.connectionsAnswered].some((answered) => answered !== undefined && answered < stage.connections);

/**
 * Judges one ratio over every stage. `ratio` returns null where a stage did
 * not measure it; `higherIsBetter` says which way the target points; with
 * `sameConnections`, a starved stage fails it.
 */
function judgeRatio(
  configurations: JudgedConfiguration[],
  ratio: (stage: JudgedStage, configuration: JudgedConfiguration) => number | null,
  limit: number,
  higherIsBetter: boolean,
  target: string,
  sameConnections = false,
): RatioVerdict {
  const stages: RatioVerdict["stages"] = [];
  for (const configuration of configurations) {
    for (const stage of configuration.stages) {
      const value = ratio(stage, configuration);
      if (value === null || !Number.isFinite(value)) continue;
      const at = `${configurationName(configuration)}, ${stage.connections} connections`;
      stages.push({ at, ratio: round(value), ...(sameConnections && starved(stage) ? { starved: true as const } : {}) });
    }
  }
  const worst = stages.reduce<RatioVerdict["stages"][number] | null>(
    (found, stage) => (found === null || (higherIsBetter ? stage.ratio < found.ratio : stage.ratio > found.ratio) ? stage : found),
    null,
  );
  const met = worst !== null && (higherIsBetter ? worst.ratio >= limit : worst.ratio <= limit) && stages.every((stage) => !stage.starved);
  return { target, worst: worst?.ratio ?? null, at: worst?.at ?? null, stages, met };
}

function judgeDatabase(configurations: JudgedConfiguration[]): DatabaseVerdict {
  const cpuPerSubmissionOverFloor = judgeRatio(
    configurations,
    (stage) =>
      stage.floor && stage.floor.serverCpuMsPerRequest > 0 ? stage.serverCpuMsPerSubmission / stage.floor.serverCpuMsPerRequest : null,
    TARGETS.cpuPerSubmissionOverFloor,
    false,
    `server CPU per submission ≤ ${TARGETS.cpuPerSubmissionOverFloor}× the floor request's`,
  );
  const rateOverFloor = judgeRatio(
    configurations,
    (stage) => (stage.floor && stage.floor.requestsPerSecond > 0 ? stage.submissionsPerSecond / stage.floor.requestsPerSecond : null),
    TARGETS.rateOverFloor,
    true,
    `submissions/s ≥ ${TARGETS.rateOverFloor * 100} % of the floor's requests/s at the same connections`,
    true,
  );
  const p99OverFloor = judgeRatio(
    configurations,
    (stage) => (stage.floor && stage.floor.latencyMs.p99 > 0 ? stage.latencyMs.p99 / stage.floor.latencyMs.p99 : null),
    TARGETS.p99OverFloor,
    false,
    `submission p99 ≤ ${TARGETS.p99OverFloor}× the floor's p99`,
    true,
  );
  const pageUnderLoadOverUnloaded = judgeRatio(
    configurations,
    (stage, configuration) =>
      configuration.problemPage.medianMs > 0 ? stage.problemPageUnderLoadMs.p50 / configuration.problemPage.medianMs : null,
    TARGETS.pageUnderLoadOverUnloaded,
    false,
    `problem page p50 under load ≤ ${TARGETS.pageUnderLoadOverUnloaded}× unloaded`,
  );
  const noneLostOrDoubled = configurations.every((c) => c.integrity.lost === 0 && c.integrity.doubledOrUnknown === 0);
  return {
    cpuPerSubmissionOverFloor,
    rateOverFloor,
    p99OverFloor,
    pageUnderLoadOverUnloaded,
    noneLostOrDoubled,
    met: cpuPerSubmissionOverFloor.met && rateOverFloor.met && p99OverFloor.met && pageUnderLoadOverUnloaded.met && noneLostOrDoubled,
  };
}

/** The targets' verdict for a run: one entry per database measured. */
export function judgeTargets(configurations: JudgedConfiguration[]): Verdict {
  const noneLostOrDoubled = configurations.every((c) => c.integrity.lost === 0 && c.integrity.doubledOrUnknown === 0);
  const verdict: Verdict = { noneLostOrDoubled, met: noneLostOrDoubled };
  for (const provider of ["postgresql", "sqlite"] as const) {
    const measured = configurations.filter((configuration) => configuration.provider === provider);
    if (measured.length === 0) continue;
    const judged = judgeDatabase(measured);
    verdict[provider] = judged;
    verdict.met = verdict.met && judged.met;
  }
  return verdict;
}
