/**
 * One read of the store for everyone who asks for it at about the same time, e.g. every processor
 * of a process, woken by the same commit, asking for the log's head at once (on PostgreSQL each head
 * reads `pg_locks` and may poll it until the appenders in flight have finished: issue 13 counted two
 * head statements per command, one per processor).
 *
 * - `since-asked`: a caller never joins a read already under way, which may have begun before what
 *   the caller must see (the commit it was woken for) and answer without it. It joins the next read,
 *   which has not begun: it begins once the current one ends, or, when none runs, once the code that
 *   asked has run to its end (a microtask later), so every caller of that stretch shares it; e.g. the
 *   processors one commit wakes, which all ask in the same turn. At most one runs and one waits.
 *   For the log's head, and for the NOTIFY that wakes other processes after this one's commits
 *   (PostgresLogNotifier: one serves all commits made before it).
 * - `in-flight`: a caller joins the read under way. For a lower bound that only ever grows (how far
 *   views have got, for X-Read-Position), where an answer from a moment ago is still true.
 */
export class SharedRead<T> {
  private running?: Promise<T>;
  /** The read callers join in `since-asked`: asked for, not begun. */
  private next?: Promise<T>;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly join: 'since-asked' | 'in-flight',
  ) {}

  get(): Promise<T> {
    if (this.join === 'in-flight') return this.running ?? this.start();
    if (this.next) return this.next;
    const after = this.running?.then(ignore, ignore) ?? Promise.resolve();
    this.next = after.then(() => {
      this.next = undefined;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<T> {
    const reading = this.read();
    this.running = reading;
    const settled = () => {
      if (this.running === reading) this.running = undefined;
    };
    reading.then(settled, settled);
    return reading;
  }
}

const ignore = (): void => undefined;
