/**
 * Fault injection: PostgreSQL restarted in the middle of a deadline rush.
 *
 * A private PostgreSQL 15 cluster (never the shared server), migrated and
 * seeded with the demo course and enrolled students; the production build on
 * it; `concurrency` workers submitting nn-backprop answers, each request with
 * its own Idempotency-Key. Once the server is warm and `leadMs` later, the
 * cluster is stopped (`pg_ctl stop -m fast`), kept down for `downMs`,
 * started again, and the rush goes on for `tailMs`. Then:
 * - every request sent and answered while the server was down got 503
 *   DATABASE_UNAVAILABLE with Retry-After (none got 500, none hung);
 * - 2xx came back after the restart (the pool reconnected) and the last
 *   seconds were all 2xx;
 * - every 2xx submission is in the database, none twice;
 * - every request that got 503, sent again with its key, is stored exactly
 *   once;
 * - afterwards, on the same server, 50 parallel submissions of one student
 *   respect an attempt limit of 3 (parallel-attempts.ts).
 */
import type { DatabaseTarget } from "../../lib/db/provider";
import { stopAppServer } from "../harness/app-server";
import { Checks, sleep } from "./checks";
import { is2xx, statusCounts } from "./drive";
import {
  checkAftermath,
  checkRecovered,
  phase,
  startFaultServer,
  startRush,
  type Aftermath,
  type FaultServer,
  type Phase,
} from "./fault-run";
import { createPrivatePostgres } from "./private-postgres";

export interface PostgresRestartOptions {
  appPort: number;
  /** The private PostgreSQL's port; a free one when not given. */
  databasePort?: number;
  students?: number;
  concurrency?: number;
  leadMs?: number;
  downMs?: number;
  tailMs?: number;
}

export interface PostgresRestartResult extends Aftermath {
  fault: string;
  concurrency: number;
  /** ms since the rush started. */
  timeline: { stopRequested: number; down: number; startRequested: number; up: number; end: number };
  beforeStop: Phase;
  whileDown: Phase;
  aroundTransitions: Phase;
  afterRestart: Phase;
  secondsTo2xxAfterRestart: number | null;
}

export async function runPostgresRestart(checks: Checks, options: PostgresRestartOptions): Promise<PostgresRestartResult> {
  const { appPort, databasePort, students = 60, concurrency = 20, leadMs = 2_000, downMs = 5_000, tailMs = 8_000 } = options;
  const cluster = await createPrivatePostgres(databasePort);
  let faultServer: FaultServer | undefined;
  try {
    await cluster.start();
    await cluster.createDatabase("chainrule");
    const target: DatabaseTarget = { provider: "postgresql", url: cluster.url("chainrule") };
    faultServer = await startFaultServer(target, students, appPort);

    const rush = await startRush(appPort, faultServer.course, concurrency);
    await sleep(leadMs);
    const stopRequested = rush.clock();
    await cluster.stop();
    const down = rush.clock();
    await sleep(downMs);
    const startRequested = rush.clock();
    await cluster.start();
    const up = rush.clock();
    await sleep(tailMs);
    const { exchanges, end } = await rush.stop();

    const beforeStop = exchanges.filter((e) => e.answeredAt < stopRequested);
    const whileDown = exchanges.filter((e) => e.sentAt >= down && e.answeredAt <= startRequested);
    const afterRestart = exchanges.filter((e) => e.sentAt >= up);
    const aroundTransitions = exchanges.filter((e) => !beforeStop.includes(e) && !whileDown.includes(e) && !afterRestart.includes(e));
    const first2xxAfter = afterRestart
      .filter((e) => is2xx(e.status))
      .map((e) => e.answeredAt)
      .sort((a, b) => a - b)[0];

    checks.expect(
      "no 500 and no request without an answer, at any time",
      exchanges.every((e) => e.status !== 0 && (e.status < 500 || e.status === 503)),
      statusCounts(exchanges),
    );
    checks.expect("2xx before the stop", beforeStop.length > 0 && beforeStop.every((e) => is2xx(e.status)), statusCounts(beforeStop));
    checks.expect(
      "every request while PostgreSQL was down: 503 DATABASE_UNAVAILABLE with Retry-After",
      whileDown.length > 0 && whileDown.every((e) => e.status === 503 && e.code === "DATABASE_UNAVAILABLE" && e.retryAfter === "5"),
      statusCounts(whileDown),
    );
    checks.expect("2xx resumed after the restart", first2xxAfter !== undefined, statusCounts(afterRestart));
    checkRecovered(checks, exchanges, end);

    const aftermath = await checkAftermath(checks, { port: appPort, faultServer, exchanges, sent: rush.sent });
    return {
      fault: `pg_ctl stop -m fast, ${downMs / 1000} s down, pg_ctl start`,
      concurrency,
      timeline: {
        stopRequested: Math.round(stopRequested),
        down: Math.round(down),
        startRequested: Math.round(startRequested),
        up: Math.round(up),
        end: Math.round(end),
      },
      beforeStop: phase(beforeStop),
      whileDown: phase(whileDown),
      aroundTransitions: phase(aroundTransitions),
      afterRestart: phase(afterRestart),
      secondsTo2xxAfterRestart: first2xxAfter === undefined ? null : Math.round((first2xxAfter - up) / 100) / 10,
      ...aftermath,
    };
  } finally {
    await faultServer?.course.db.$disconnect();
    await stopAppServer(faultServer?.server);
    await cluster.destroy();
  }
}
