import "server-only";
import type { Db } from "@/lib/db/client";
import { readWholeNumberSetting, SETTINGS } from "@/lib/settings";
import { enqueueReleasedScores } from "./release-sweep";
import { sendDueScores } from "./score-sender";

// Runs the outbox's sender in this process: every poll interval (retries come
// due, another instance's lapsed leases), and at once when a commit enqueued
// scores here (kickScoreSender). One run at a time per process; a kick during
// a run makes one more run after it. Started by instrumentation.ts.
// A run first sweeps for exams whose held results came out (release-sweep.ts),
// at most every SWEEP_MS: the sweep reads every held score ever sent, which
// need not happen on each of the many kicks of a busy exam.
// The poll interval, the backoff's base and the lease are settings
// (CHAINRULE_LTI_SCORE_POLL_MS, _BACKOFF_BASE_MS, _LEASE_MS in lib/settings.ts):
// production keeps the defaults; the browser tests shorten them so that a
// retry or a dead instance's lease comes due within a test's time.

const SWEEP_MS = 15_000;

interface Loop {
  db: () => Db;
  baseDelayMs: number;
  leaseMs: number;
  running: boolean;
  again: boolean;
  timer: NodeJS.Timeout | null;
  /** Date.now() of the last release sweep; 0: none yet. */
  sweptAt: number;
}

const LOOP = Symbol.for("chainrule.ltiScoreSender");
const holder = globalThis as unknown as { [LOOP]?: Loop };

async function runOnce(loop: Loop): Promise<void> {
  if (loop.running) {
    loop.again = true;
    return;
  }
  loop.running = true;
  try {
    do {
      loop.again = false;
      if (Date.now() - loop.sweptAt >= SWEEP_MS) {
        loop.sweptAt = Date.now();
        await enqueueReleasedScores({ db: loop.db() });
      }
      await sendDueScores({ db: loop.db(), baseDelayMs: loop.baseDelayMs, leaseMs: loop.leaseMs });
    } while (loop.again);
  } catch (error) {
    console.error("LTI score sender:", error);
  } finally {
    loop.running = false;
  }
}

export function startScoreSender(db: () => Db): void {
  if (holder[LOOP]) return;
  const loop: Loop = {
    db,
    baseDelayMs: readWholeNumberSetting(SETTINGS.ltiScoreBackoffBaseMs),
    leaseMs: readWholeNumberSetting(SETTINGS.ltiScoreLeaseMs),
    running: false,
    again: false,
    timer: null,
    sweptAt: 0,
  };
  holder[LOOP] = loop;
  loop.timer = setInterval(() => void runOnce(loop), readWholeNumberSetting(SETTINGS.ltiScorePollMs));
  loop.timer.unref();
  void runOnce(loop);
}

/** After a commit that enqueued scores: send them now rather than at the next poll. A no-op where no sender runs (tests, scripts). */
export function kickScoreSender(): void {
  const loop = holder[LOOP];
  if (loop) void runOnce(loop);
}

export function stopScoreSender(): void {
  const loop = holder[LOOP];
  if (loop?.timer) clearInterval(loop.timer);
  delete holder[LOOP];
}
