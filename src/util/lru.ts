/**
 * A Map bounded to the `capacity` most recently used entries (a `Map` keeps insertion order, so a hit is
 * moved to the end and the first entry is the least recently used). With `weigh`, the entries' total weight
 * is bounded by `maxWeight` too (a single entry heavier than that is still kept, alone).
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  private weight = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh?: (value: V) => number,
    private readonly maxWeight = Infinity,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      if (this.weigh) this.weight -= this.weigh(old);
    }
    this.map.set(key, value);
    if (this.weigh) this.weight += this.weigh(value);
    while (this.map.size > this.capacity || (this.weight > this.maxWeight && this.map.size > 1)) {
      const oldest = this.map.keys().next().value as K;
      if (this.weigh) this.weight -= this.weigh(this.map.get(oldest)!);
      this.map.delete(oldest);
    }
  }

  clear(): void {
    this.map.clear();
    this.weight = 0;
  }
}
