/**
 * A map that keeps the `capacity` most recently written entries: what a mapping remembers of the
 * events it has seen (an order's lines, an item's count), so that the next event of the same stream
 * needs no read of the log. Forgetting costs only a read.
 */
export class RecentValues<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly capacity = 10_000) {}

  get(key: K): V | undefined {
    return this.values.get(key);
  }

  set(key: K, value: V): void {
    this.values.delete(key);
    this.values.set(key, value);
    if (this.values.size > this.capacity) this.values.delete(this.values.keys().next().value as K);
  }
}
