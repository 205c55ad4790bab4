import fc from "fast-check";
import { LruCache } from "@/grader/lru-cache";

// The bounded caches behind rendered texts, variants, statements and
// decoded sessions: the least recently used entry goes first, by count and,
// where a cache has one, by the total size of what it keeps.

describe("LruCache", () => {
  it("forgets the least recently used entry past its capacity, a hit counting as a use", () => {
    const cache = new LruCache<number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it("makes a missing entry once and keeps it", () => {
    const cache = new LruCache<number>(2);
    const create = jest.fn(() => 7);
    expect([cache.getOrCreate("a", create), cache.getOrCreate("a", create)]).toEqual([7, 7]);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("forgets the oldest entries once the values weigh more than the bound, and keeps none that alone weighs more", () => {
    const cache = new LruCache<string>(100, { maxWeight: 10, weigh: (value) => value.length });
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    expect(cache.weight).toBe(8);
    cache.set("c", "cccc");
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.weight]).toEqual([undefined, "bbbb", "cccc", 8]);
    cache.set("b", "bb");
    expect(cache.weight).toBe(6);
    cache.set("huge", "x".repeat(11));
    expect([cache.get("huge"), cache.size, cache.weight]).toEqual([undefined, 0, 0]);
    expect(cache.getOrCreate("huge", () => "y".repeat(11))).toBe("y".repeat(11));
  });

  it("always weighs exactly what it keeps, within both bounds, whatever the sequence of writes", () => {
    const write = fc.record({ key: fc.constantFrom("a", "b", "c", "d", "e", "f"), length: fc.nat(12) });
    fc.assert(
      fc.property(fc.array(write, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (writes, capacity) => {
        const cache = new LruCache<string>(capacity, { maxWeight: 20, weigh: (value) => value.length });
        const last = new Map<string, string>();
        for (const { key, length } of writes) {
          cache.set(key, key.repeat(length));
          last.set(key, key.repeat(length));
        }
        const kept = [...last.keys()].filter((key) => cache.get(key) !== undefined);
        expect(cache.size).toBe(kept.length);
        expect(cache.weight).toBe(kept.reduce((sum, key) => sum + last.get(key)!.length, 0));
        expect(cache.size).toBeLessThanOrEqual(capacity);
        expect(cache.weight).toBeLessThanOrEqual(20);
        // The most recent write is kept whenever it fits on its own.
        if (writes.length > 0 && writes.at(-1)!.length <= 20) expect(cache.get(writes.at(-1)!.key)).toBe(last.get(writes.at(-1)!.key));
      }),
      { seed: 9, numRuns: 500 },
    );
  });
});
