// The tally of pages in progress that submissions give way to (lib/http/page-loads.ts).
import { PAGE_LOAD_EXPIRY_MS, PageLoads, processPageLoads } from "@/lib/http/page-loads";

describe("the page loads in progress", () => {
  afterEach(() => jest.useRealTimers());

  it("counts each load from its beginning to its end, and ends it only once", () => {
    const pages = new PageLoads();
    const [first, second] = [pages.begin(), pages.begin()];
    expect(pages.inProgress).toBe(2);
    first();
    first();
    expect(pages.inProgress).toBe(1);
    second();
    expect(pages.inProgress).toBe(0);
  });

  it("tells its listeners each time the last load in progress ends, and not before", () => {
    const pages = new PageLoads();
    const quiet = jest.fn();
    pages.onQuiet(quiet);
    const [first, second] = [pages.begin(), pages.begin()];
    first();
    expect(quiet).not.toHaveBeenCalled();
    second();
    expect(quiet).toHaveBeenCalledTimes(1);
    pages.begin()();
    expect(quiet).toHaveBeenCalledTimes(2);
  });

  it("stops counting a load whose end never came once it expires, so a lost end cannot hold submissions back for good", () => {
    jest.useFakeTimers();
    const pages = new PageLoads();
    const quiet = jest.fn();
    pages.onQuiet(quiet);
    const end = pages.begin();
    jest.advanceTimersByTime(PAGE_LOAD_EXPIRY_MS - 1);
    expect(pages.inProgress).toBe(1);
    jest.advanceTimersByTime(1);
    expect(pages.inProgress).toBe(0);
    expect(quiet).toHaveBeenCalledTimes(1);
    end();
    expect(pages.inProgress).toBe(0);
    expect(quiet).toHaveBeenCalledTimes(1);
  });

  it("counts the pages the cluster's other processes render, and is quiet only once neither has any", () => {
    const pages = new PageLoads();
    const quiet = jest.fn();
    const busy = jest.fn();
    pages.onQuiet(quiet);
    pages.onBusyChange(busy);
    pages.setElsewhere(1);
    const end = pages.begin();
    expect([pages.inProgress, pages.inThisProcess]).toEqual([2, 1]);
    end();
    expect(quiet).not.toHaveBeenCalled();
    pages.setElsewhere(0);
    expect(pages.inProgress).toBe(0);
    expect(quiet).toHaveBeenCalledTimes(1);
    // The cluster hears of this process's own pages only, never of those it was told about.
    expect(busy.mock.calls).toEqual([[true], [false]]);
  });

  it("is one tally per process, however many copies of the module the server's bundles load", () => {
    expect(processPageLoads()).toBe(processPageLoads());
    const isolated = jest.requireActual<typeof import("@/lib/http/page-loads")>("@/lib/http/page-loads");
    jest.isolateModules(() => {
      const copy = jest.requireActual<typeof import("@/lib/http/page-loads")>("@/lib/http/page-loads");
      expect(copy).not.toBe(isolated);
      expect(copy.processPageLoads()).toBe(processPageLoads());
    });
  });
});
