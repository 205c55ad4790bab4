/**
 * Fault injection for SQLite: another connection takes the database file's
 * write lock (BEGIN EXCLUSIVE, as a second app process, a hand-run sqlite3
 * shell or a long migration would) in the middle of a rush of submissions.
 *
 * The database is prepared as `npm start` prepares it (migrated, WAL mode).
 * Two locks, each longer than the busy timeout (SQLITE_BUSY_TIMEOUT_MS, 5 s):
 * a short one (`shortLockMs`) and one held for `longLockMs`, far longer than
 * the app's retries last. Then:
 * - no request gets 500 or goes unanswered; a request that could not get the
 *   lock within its retries gets 503 DATABASE_UNAVAILABLE;
 * - 2xx resumes once the lock is released, and the last seconds are all 2xx;
 * - every 2xx submission is stored, none twice; each 503, sent again with its
 *   key, is stored exactly once (nothing half-stored in between);
 * - 50 parallel submissions of one student respect an attempt limit of 3.
 *
 * Concurrency is low on purpose: better-sqlite3 is synchronous, so while a
 * statement waits out the busy timeout the whole server process waits with
 * it, and more clients only queue up behind it. Measured on the server: each
 * try of a write under the lock waits the full 5 s; a submission makes two
 * writes (the rate-limit counter, which lets the request through when it
 * cannot be counted, then the submission's transaction), each tried twice
 * within SQLITE_BUSY_RETRY_WINDOW_MS, so one request gives up after about
 * 20 s of waiting, and two interleaved requests after up to 40 s: the long
 * lock is held 45 s so that the 503 is certain.
 */
import Database from "better-sqlite3";
import { sqliteFilePath } from "../../lib/db/provider";
import { createEmptyTarget } from "../harness/test-database";
import { stopAppServer } from "../harness/app-server";
import { Checks, sleep } from "./checks";
import { is2xx, statusCounts, type Exchange } from "./drive";
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

export interface SqliteLockOptions {
  appPort: number;
  students?: number;
  concurrency?: number;
  shortLockMs?: number;
  longLockMs?: number;
}

export interface SqliteLockResult extends Aftermath {
  fault: string;
  concurrency: number;
  /** ms since the rush started. */
  timeline: Record<string, number>;
  beforeLocks: Phase;
  unanswered: number;
  shortLock: Phase & { maxLatencyMs: number };
  longLock: Phase & { maxLatencyMs: number };
  afterRelease: Phase;
}

const overlapping = (exchanges: Exchange[], from: number, to: number) => exchanges.filter((e) => e.answeredAt >= from && e.sentAt <= to);
const maxLatency = (exchanges: Exchange[]) => Math.round(Math.max(0, ...exchanges.map((e) => e.answeredAt - e.sentAt)));

export async function runSqliteLock(checks: Checks, options: SqliteLockOptions): Promise<SqliteLockResult> {
  const { appPort, students = 20, concurrency = 2, shortLockMs = 7_000, longLockMs = 45_000 } = options;
  const { target, drop } = await createEmptyTarget("sqlite");
  let faultServer: FaultServer | undefined;
  let holder: Database.Database | undefined;
  try {
    faultServer = await startFaultServer(target, students, appPort, () => {
      holder = new Database(sqliteFilePath(target.url));
      // As scripts/db/tune-sqlite.ts leaves the app's database after `npm start`.
      holder.pragma("journal_mode = WAL");
    });
    const lock = () => holder!.exec("BEGIN EXCLUSIVE");
    const unlock = () => holder!.exec("ROLLBACK");

    const rush = await startRush(appPort, faultServer.course, concurrency);
    await sleep(1_000);
    const shortLocked = rush.clock();
    lock();
    await sleep(shortLockMs);
    unlock();
    const shortReleased = rush.clock();
    await sleep(4_000);
    const longLocked = rush.clock();
    lock();
    await sleep(longLockMs);
    unlock();
    const longReleased = rush.clock();
    await sleep(8_000);
    const { exchanges, end } = await rush.stop();

    const beforeLocks = exchanges.filter((e) => e.answeredAt < shortLocked);
    const shortLock = overlapping(exchanges, shortLocked, shortReleased);
    const longLock = overlapping(exchanges, longLocked, longReleased);
    const afterRelease = exchanges.filter((e) => e.sentAt >= longReleased);
    const refused = exchanges.filter((e) => e.status === 503);

    // A request may get no answer at all here: while better-sqlite3 waits out the busy timeout the
    // server process is blocked, and when it resumes, a keep-alive connection whose idle timer
    // (Node's 5 s) ran out meanwhile is closed under a request just sent on it (ECONNRESET).
    // Those are counted, must not be stored half, and are sent again with their keys below.
    const unanswered = exchanges.filter((e) => e.status === 0);
    checks.expect(
      "no 500 at any time",
      exchanges.every((e) => e.status < 500 || e.status === 503),
      statusCounts(exchanges),
    );
    checks.expect(
      "requests without an answer are only connection resets after a stall",
      unanswered.every((e) => e.code === "ECONNRESET" || e.code === "UND_ERR_SOCKET"),
      statusCounts(unanswered),
    );
    checks.expect("2xx before the locks", beforeLocks.length > 0 && beforeLocks.every((e) => is2xx(e.status)), statusCounts(beforeLocks));
    checks.expect(
      "a lock held past the retries: 503 DATABASE_UNAVAILABLE with Retry-After",
      longLock.some((e) => e.status === 503) && refused.every((e) => e.code === "DATABASE_UNAVAILABLE" && e.retryAfter === "5"),
      statusCounts(longLock),
    );
    checks.expect(
      "2xx after the lock was released",
      afterRelease.some((e) => is2xx(e.status)),
      statusCounts(afterRelease),
    );
    checkRecovered(checks, exchanges, end);

    // A busy SQLite transaction rolls back whole: a 503 leaves nothing behind.
    const refusedKeys = refused.map((e) => e.key);
    const storedAfter503 = await faultServer.course.db.submission.count({ where: { idempotencyKey: { in: refusedKeys } } });
    checks.expect("nothing stored for a request answered 503", storedAfter503 === 0, {
      answered503: refusedKeys.length,
      stored: storedAfter503,
    });

    const aftermath = await checkAftermath(checks, {
      port: appPort,
      faultServer,
      exchanges,
      sent: rush.sent,
      resend: (e) => e.status === 503 || e.status === 0,
      resendLabel: "each 503 or unanswered request",
    });
    return {
      fault: `BEGIN EXCLUSIVE from another connection: ${shortLockMs / 1000} s, then ${longLockMs / 1000} s (busy timeout 5 s)`,
      concurrency,
      timeline: Object.fromEntries(
        Object.entries({ shortLocked, shortReleased, longLocked, longReleased, end }).map(([name, ms]) => [name, Math.round(ms)]),
      ),
      beforeLocks: phase(beforeLocks),
      unanswered: unanswered.length,
      shortLock: { ...phase(shortLock), maxLatencyMs: maxLatency(shortLock) },
      longLock: { ...phase(longLock), maxLatencyMs: maxLatency(longLock) },
      afterRelease: phase(afterRelease),
      ...aftermath,
    };
  } finally {
    holder?.close();
    await faultServer?.course.db.$disconnect();
    await stopAppServer(faultServer?.server);
    await drop();
  }
}
