// A bounded map that forgets the least recently used entry first: a Map
// keeps insertion order, and a hit is moved to the end. No imports, and in
// grader/ so that the grader's own caches (stored/), server code
// and client components can all use it.

/** A bound on the entries' total size, for caches whose values vary from bytes to tens of kilobytes. */
export interface LruWeightBound<V> {
  /** The most the kept values may weigh together; the oldest go first past it. */
  maxWeight: number;
  /** A value's weight, such as a string's length. */
  weigh: (value: V) => number;
}

export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  private readonly weights = new Map<string, number>();
  private totalWeight = 0;

  constructor(
    readonly capacity: number,
    private readonly bound?: LruWeightBound<V>,
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Keeps `value`, unless it alone weighs more than the bound allows (then nothing is kept for `key`). */
  set(key: string, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    if (this.bound) {
      const weight = this.bound.weigh(value);
      this.weights.set(key, weight);
      this.totalWeight += weight;
    }
    while (this.entries.size > this.capacity || (this.bound && this.totalWeight > this.bound.maxWeight)) {
      this.delete(this.entries.keys().next().value!);
    }
  }

  /** The entry under `key`, made by `create` (and kept) when there is none. */
  getOrCreate(key: string, create: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = create();
    this.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the kept values weigh together (0 without a weight bound). */
  get weight(): number {
    return this.totalWeight;
  }

  private delete(key: string): void {
    if (!this.entries.delete(key)) return;
    this.totalWeight -= this.weights.get(key) ?? 0;
    this.weights.delete(key);
  }
}
