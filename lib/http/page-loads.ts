// Pages this server process is rendering right now, so that background
// work can give way to them.
//
// In a deadline rush a page waits on the request thread behind every
// submission's steps, and a student opening a problem waits two or three
// times as long as on a quiet server (BENCHMARKS.md, "Pages give way").
// While a page renders, the submission gate lets fewer submissions start
// (lib/http/concurrency-gate.ts): those already running finish, the rest
// wait their turn, and the page gets most of the thread.
//
// In a cluster (scripts/serve/cluster.mjs) the processes share the
// machine's cores, so each also counts the pages the others are rendering
// (cluster-page-loads.ts).
//
// Kept on globalThis: the pages and the submission route are separate
// server bundles, each with its own copy of this module, and they must
// count on one tally.

import { shareWithCluster } from "./cluster-page-loads";

/**
 * A page load still counted after this long has lost its end (a render
 * that never finished): it stops counting, so that a leak can slow the
 * submissions only for a while, never for good.
 */
export const PAGE_LOAD_EXPIRY_MS = 10_000;

export class PageLoads {
  private count = 0;
  private elsewhere = 0;
  private readonly quietListeners: (() => void)[] = [];
  private readonly busyListeners: ((busy: boolean) => void)[] = [];

  /** Pages begun and not yet ended, here and in the other processes on this machine (setElsewhere). */
  get inProgress(): number {
    return this.count + this.elsewhere;
  }

  /** Pages begun and not yet ended in this process. */
  get inThisProcess(): number {
    return this.count;
  }

  /** Counts one page load; the function it returns ends it (once, however often it is called). */
  begin(): () => void {
    this.count++;
    if (this.count === 1) for (const listener of this.busyListeners) listener(true);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(expiry);
      this.count--;
      if (this.count === 0) for (const listener of this.busyListeners) listener(false);
      this.quietIfNone();
    };
    const expiry = setTimeout(end, PAGE_LOAD_EXPIRY_MS);
    expiry.unref();
    return end;
  }

  /**
   * How many other processes of this machine are rendering a page
   * (lib/http/cluster-page-loads.ts): they compete for the same cores, so
   * they count as this process's own.
   */
  setElsewhere(processes: number): void {
    this.elsewhere = processes;
    this.quietIfNone();
  }

  /** Calls `listener` each time the last page in progress ends, here or elsewhere. */
  onQuiet(listener: () => void): void {
    this.quietListeners.push(listener);
  }

  /** Calls `listener` with true when this process starts rendering pages, and false when it has none left. */
  onBusyChange(listener: (busy: boolean) => void): void {
    this.busyListeners.push(listener);
  }

  private quietIfNone(): void {
    if (this.inProgress === 0) for (const listener of this.quietListeners) listener();
  }
}

const PAGE_LOADS_KEY = Symbol.for("chainrule.pageLoads");
type PageLoadsHolder = { [PAGE_LOADS_KEY]?: PageLoads };

/** This process's tally, shared by every server bundle, and with the cluster's other processes when it is one. */
export function processPageLoads(): PageLoads {
  const holder = globalThis as PageLoadsHolder;
  let pageLoads = holder[PAGE_LOADS_KEY];
  if (!pageLoads) {
    pageLoads = holder[PAGE_LOADS_KEY] = new PageLoads();
    shareWithCluster(pageLoads, process);
  }
  return pageLoads;
}
