import { AppError } from "@/lib/errors";

// How many submissions one server process works on at once; the rest wait
// their turn in order, costing nothing while they wait.
//
// Node interleaves every request's steps on one thread, so with hundreds of
// submissions in flight each step of a page waits behind a step of each of
// them (seconds per page in a rush; BENCHMARKS.md, History). A few in flight
// keep the request and grading threads busy; more only lengthen every queue.
//
// A gate may give way to foreground work: while pages render, fewer
// submissions start (lib/http/page-loads.ts), since a student waiting for a
// page notices each step it waits behind, and a submission waiting its turn
// costs nothing.
//
// The gate is per process and holds no shared state: with several
// processes each has its own, and a client that waited too long gets 503
// with Retry-After, having stored nothing.

export interface ConcurrencyGateOptions {
  /** At most this many run at once. */
  limit: number;
  /** At most this many wait; more are refused at once. */
  maxWaiting: number;
  /** A waiter refused after this long, in ms (before it started: nothing of it ran). */
  maxWaitMs: number;
  /**
   * Foreground work this gate gives way to (the pages being rendered,
   * lib/http/page-loads.ts): while any is in progress, at most
   * `limitWhileForeground` run; the others start once it has ended.
   */
  givesWayTo?: Foreground;
  limitWhileForeground?: number;
}

/** What a gate gives way to: how much is in progress, and a call when none is left. */
export interface Foreground {
  readonly inProgress: number;
  onQuiet(listener: () => void): void;
}

export const BUSY_RETRY_AFTER_SECONDS = 2;

function busy(): AppError {
  return new AppError(
    "UNAVAILABLE",
    `The server is busy with other submissions, so this one was not stored and ` +
      `no attempt was used. Submit again in ${BUSY_RETRY_AFTER_SECONDS} seconds.`,
    { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS },
  );
}

export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly options: ConcurrencyGateOptions) {
    options.givesWayTo?.onQuiet(() => this.startWaiters());
  }

  /** The limit now: lower while foreground work is in progress. */
  private get limit(): number {
    const { givesWayTo, limitWhileForeground, limit } = this.options;
    return givesWayTo && givesWayTo.inProgress > 0 ? Math.min(limit, limitWhileForeground ?? limit) : limit;
  }

  get stats() {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `work` when a place is free (first come, first served). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  private enter(): Promise<void> {
    if (this.running < this.limit && this.waiting.length === 0) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxWaiting) return Promise.reject(busy());
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(busy());
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private leave(): void {
    this.running--;
    this.startWaiters();
  }

  /** Starts waiters, first come first served, while there is room under the limit. */
  private startWaiters(): void {
    while (this.running < this.limit) {
      const next = this.waiting.shift();
      if (!next) return;
      this.running++;
      next.start();
    }
  }
}
