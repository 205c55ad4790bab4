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
// Kept on globalThis: the pages and the submission route are separate
// server bundles, each with its own copy of this module, and they must
// count on one tally.

/**
 * A page load still counted after this long has lost its end (a render
 * that never finished): it stops counting, so that a leak can slow the
 * submissions only for a while, never for good.
 */
export const PAGE_LOAD_EXPIRY_MS = 10_000;

export class PageLoads {
  private count = 0;
  private readonly quietListeners: (() => void)[] = [];

  /** Pages begun and not yet ended. */
  get inProgress(): number {
    return this.count;
  }

  /** Counts one page load; the function it returns ends it (once, however often it is called). */
  begin(): () => void {
    this.count++;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(expiry);
      this.count--;
      if (this.count === 0) for (const listener of this.quietListeners) listener();
    };
    const expiry = setTimeout(end, PAGE_LOAD_EXPIRY_MS);
    expiry.unref();
    return end;
  }

  /** Calls `listener` each time the last page in progress ends. */
  onQuiet(listener: () => void): void {
    this.quietListeners.push(listener);
  }
}

const PAGE_LOADS_KEY = Symbol.for("chainrule.pageLoads");
type PageLoadsHolder = { [PAGE_LOADS_KEY]?: PageLoads };

/** This process's tally, shared by every server bundle. */
export function processPageLoads(): PageLoads {
  const holder = globalThis as PageLoadsHolder;
  return (holder[PAGE_LOADS_KEY] ??= new PageLoads());
}
