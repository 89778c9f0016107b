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
  /** Commits of this process under way, by aggregate id: the version each will leave. */
  private readonly pending = new Map<string, { readonly version: number; readonly settled: Promise<void> }>();

  constructor(private readonly capacity: number) {}

  get(id: string): CachedAggregate | undefined {
    const entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry;
  }

  /**
   * A transaction of this process will leave `id` at `version` once it commits; `settled` resolves
   * once that commit's entry is set here, or the transaction has ended otherwise.
   */
  expect(id: string, version: number, settled: Promise<void>): void {
    const pending = { version, settled };
    this.pending.set(id, pending);
    void settled.then(() => this.pending.get(id) === pending && this.pending.delete(id));
  }

  /**
   * Waits (at most `patienceMs`) for this process's own commit that leaves `id` at `version`, if one
   * is under way. On PostgreSQL the next writer of a hot stream is granted its lock as soon as the
   * previous one commits, often before this process has read that COMMIT's answer on the other
   * connection: a moment's wait then spares reading back the events it just wrote.
   */
  async settled(id: string, version: number, patienceMs = 20): Promise<void> {
    const pending = this.pending.get(id);
    if (pending?.version !== version) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      pending.settled,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, patienceMs))),
    ]);
    clearTimeout(timer);
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
