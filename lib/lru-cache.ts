// A bounded map that forgets the least recently used entry first: a Map
// keeps insertion order, and a hit is moved to the end. No imports, so that
// server code, the grading worker threads and client components can all use
// it.
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
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
}
