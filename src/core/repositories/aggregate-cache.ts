/** What the cache keeps of one aggregate: its state as of `version`, as its snapshot format. */
export interface CachedAggregate {
  /** The aggregate's class: an entry is only used for the same class. */
  readonly type: object;
  readonly version: number;
  /** JSON of toSnapshot(); parsed afresh on every hit, so no caller can change the cached copy. */
  readonly state: string;
  /** Version of the last stored snapshot, to know when the next one is due. */
  readonly snapshotVersion: number;
}

/**
 * The latest committed state of recently used event-sourced aggregates, so that a command loads
 * with one indexed version check instead of a snapshot read and an event replay. Entries are set
 * only after their commit, and an entry is used only when the stream is still at its version (or
 * by replaying the few events after it), so writes by other processes can never be missed.
 * Least recently used entries go first.
 */
export class AggregateCache {
  private readonly entries = new Map<string, CachedAggregate>();

  constructor(private readonly capacity: number) {}

  get(id: string): CachedAggregate | undefined {
    const entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry;
  }

  set(id: string, entry: CachedAggregate): void {
    const current = this.entries.get(id);
    // Commits can report out of order only across processes; never go back to an older state.
    if (current && current.version > entry.version) return;
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
