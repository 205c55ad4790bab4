// The whole-number settings an operator may give in the environment, in one
// table, and the one way they are read.
//
// lib/env.ts checks every one of them when the server starts, so that a typo
// stops the start with a message naming the variable. The module that uses a
// setting reads it with readWholeNumberSetting, by the same rule: scripts and
// tests that never start the server get the same answers and errors.
//
// No imports, no "server-only": the grading pool and the benchmarks read
// these too, outside Next's server bundle.

export interface WholeNumberSetting {
  /** The environment variable. */
  readonly name: string;
  readonly min: number;
  /** Number.MAX_SAFE_INTEGER when there is no upper bound. */
  readonly max: number;
  /** What the number is, for the error: "must be <meaning>: a whole number from …". */
  readonly meaning: string;
  /** Unset or blank (spaces only) means this. */
  readonly fallback: number;
}

const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

export const SETTINGS = {
  // Read by lib/rate-limit/client-ip.ts.
  trustedProxyHops: {
    name: "CHAINRULE_TRUSTED_PROXY_HOPS",
    min: 0,
    max: 16,
    meaning: "the number of reverse proxies in front of the app (0 = do not trust X-Forwarded-For)",
    fallback: 0,
  },
  // Read by lib/rate-limit/limits.ts and sign-in-lockout.ts.
  submissionsPerMinute: {
    name: "CHAINRULE_SUBMISSIONS_PER_MINUTE",
    min: 1,
    max: NO_UPPER_BOUND,
    meaning: "a limit (submissions per student per minute)",
    fallback: 30,
  },
  submissionsPerNetworkPerMinute: {
    name: "CHAINRULE_SUBMISSIONS_PER_IP_PER_MINUTE",
    min: 1,
    max: NO_UPPER_BOUND,
    meaning: "a limit (submissions per client network per minute)",
    fallback: 600,
  },
  signInFailuresPerNetworkPerMinute: {
    name: "CHAINRULE_SIGNIN_FAILURES_PER_IP_PER_MINUTE",
    min: 1,
    max: NO_UPPER_BOUND,
    meaning: "a limit (wrong passwords per client network per minute)",
    fallback: 60,
  },
  // Read by lib/rate-limit/sign-up-limits.ts. A lecture hall behind one
  // campus NAT signs up together on the first day: 300 an hour lets a class
  // of that size in, and holds a script to one every 12 seconds.
  signUpsPerNetworkPerHour: {
    name: "CHAINRULE_SIGNUPS_PER_IP_PER_HOUR",
    min: 1,
    max: NO_UPPER_BOUND,
    meaning: "a limit (sign-up attempts per client network per hour)",
    fallback: 300,
  },
  // Two large classes' worth through one course's invite link in an hour.
  signUpsPerInviteCodePerHour: {
    name: "CHAINRULE_SIGNUPS_PER_INVITE_PER_HOUR",
    min: 1,
    max: NO_UPPER_BOUND,
    meaning: "a limit (sign-up attempts through one invite link per hour)",
    fallback: 600,
  },
  // Read by lib/lti/ags/score-sender-loop.ts when the sender starts. The
  // defaults suit production; the browser tests set them small so that a
  // retry or a lapsed lease comes due in seconds (test/e2e/lti-*.spec.ts).
  ltiScorePollMs: {
    name: "CHAINRULE_LTI_SCORE_POLL_MS",
    min: 100,
    max: 3_600_000,
    meaning: "the milliseconds between two looks of the LMS score sender for scores due (retries, lapsed leases)",
    fallback: 5_000,
  },
  ltiScoreBackoffBaseMs: {
    name: "CHAINRULE_LTI_SCORE_BACKOFF_BASE_MS",
    min: 1,
    max: 3_600_000,
    meaning: "the milliseconds before the first retry of a score the LMS refused for now (each retry doubles it)",
    fallback: 2_000,
  },
  ltiScoreLeaseMs: {
    name: "CHAINRULE_LTI_SCORE_LEASE_MS",
    min: 1_000,
    max: 3_600_000,
    meaning: "the milliseconds a score sender holds a score it is sending before another instance may take it over",
    fallback: 60_000,
  },
  // Read by app/api/problems/[slug]/submissions/route.ts (lib/http/concurrency-gate.ts).
  submissionConcurrency: {
    name: "CHAINRULE_SUBMISSION_CONCURRENCY",
    min: 1,
    max: 1000,
    meaning: "the number of submissions one server process works on at once",
    fallback: 4,
  },
  // Read by the same route: while the process, or another of its cluster,
  // renders a page, submissions give way to it (lib/http/page-loads.ts). Set
  // it to the concurrency above to turn that off.
  submissionConcurrencyWhilePagesLoad: {
    name: "CHAINRULE_SUBMISSION_CONCURRENCY_WHILE_PAGES_LOAD",
    min: 1,
    max: 1000,
    meaning: "the number of submissions one server process starts at once while it, or another process of its cluster, renders a page",
    fallback: 1,
  },
  // Read by lib/db/client.ts: PostgreSQL connections per app process, beside
  // the pool, on which the hot path's reads and rate-limit counts are
  // pipelined (lib/db/pg-pipeline.ts). One backend keeps up with what one
  // process's request thread sends (BENCHMARKS.md).
  postgresPipelinedConnections: {
    name: "CHAINRULE_PG_PIPELINED_CONNECTIONS",
    min: 0,
    max: 16,
    meaning:
      "the number of pipelined PostgreSQL connections per app process for the hot path's reads and rate-limit counts (0 = none: every statement uses the pool)",
    fallback: 1,
  },
  // Read by lib/grading/grading-pool.ts when the pool starts. The default is
  // one thread per core of the machines we run on, two at most (one on a
  // one-core machine): several app processes each have their own pool.
  gradingThreads: {
    name: "CHAINRULE_GRADING_THREADS",
    min: 1,
    max: 64,
    meaning: "the number of grading threads per app process",
    fallback: 2,
  },
  gradingNice: {
    name: "CHAINRULE_GRADING_NICE",
    min: 0,
    max: 19,
    meaning: "how much lower the grading threads' priority is than the request thread's (a Linux nice increment)",
    fallback: 10,
  },
  // Read by lib/grading/grade-answers.ts: up to this estimated cost (grader
  // cost units, about a nanosecond each) a bank problem's submission is
  // graded on the request thread, where the pool's round trip would cost
  // more than the grading. At most the cap on one expression answer
  // (grader/expr/limits.ts), so no setting can let a costly answer stall
  // the thread that answers requests for long.
  inlineGradingBudget: {
    name: "CHAINRULE_INLINE_GRADING_BUDGET",
    min: 0,
    max: 20_000_000,
    meaning: "the estimated cost under which a submission is graded on the request thread (grader cost units; 0 = always in the pool)",
    fallback: 500_000,
  },
  // Read by lib/grading/grading-pool.ts: the wall-clock budget of one
  // validation of a problem document in a worker thread.
  authoringTimeoutSeconds: {
    name: "CHAINRULE_AUTHORING_TIMEOUT_SECONDS",
    min: 1,
    max: 600,
    meaning: "the seconds a problem document's validation may run before it is stopped",
    fallback: 30,
  },
} as const satisfies Record<string, WholeNumberSetting>;

/** Digits, with spaces around them allowed: "1.5", "0x10", "1e3" and "-1" are not whole numbers here, though Number() reads them. */
const WHOLE_NUMBER = /^\s*\d+\s*$/;

const isBlank = (raw: string | undefined): raw is undefined | "" => raw === undefined || raw.trim() === "";

/** Whether the setting takes `raw` (blank included: it means the fallback). */
export function acceptsWholeNumber(setting: WholeNumberSetting, raw: string | undefined): boolean {
  if (isBlank(raw)) return true;
  if (!WHOLE_NUMBER.test(raw)) return false;
  const value = Number(raw);
  return value >= setting.min && value <= setting.max;
}

/** What the setting must be: "must be <meaning>: a whole number from 1 to 64" (or "from 1 up"). */
export function wholeNumberRequirement(setting: WholeNumberSetting): string {
  const range = setting.max === NO_UPPER_BOUND ? `from ${setting.min} up` : `from ${setting.min} to ${setting.max}`;
  return `must be ${setting.meaning}: a whole number ${range}`;
}

/** The setting's value in `env`: its fallback when unset or blank; an Error naming the variable and the value when it is not taken. */
export function readWholeNumberSetting(setting: WholeNumberSetting, env: Record<string, string | undefined> = process.env): number {
  const raw = env[setting.name];
  if (isBlank(raw)) return setting.fallback;
  if (!acceptsWholeNumber(setting, raw)) throw new Error(`${setting.name} ${wholeNumberRequirement(setting)}, not "${raw}".`);
  return Number(raw);
}
