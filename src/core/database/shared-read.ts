/**
 * One read of the store for everyone who asks for it at about the same time, e.g. every processor
 * of a process, woken by the same commit, asking for the log's head at once (on PostgreSQL each head
 * reads `pg_locks` and may poll it until the appenders in flight have finished: issue 13 counted two
 * head statements per command, one per processor).
 *
 * - `since-asked`: a caller never joins a read already under way, which may have begun before what
 *   the caller must see (the commit it was woken for) and answer without it. It joins the next read
 *   instead, which starts once the current one ends and is shared by everyone who asked meanwhile:
 *   at most one runs and one waits. For the log's head, and for the NOTIFY that wakes other
 *   processes after this one's commits (PostgresLogNotifier: one serves all commits made before it).
 * - `in-flight`: a caller joins the read under way. For a lower bound that only ever grows (how far
 *   views have got, for X-Read-Position), where an answer from a moment ago is still true.
 */
export class SharedRead<T> {
  private running?: Promise<T>;
  private queued?: Promise<T>;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly join: 'since-asked' | 'in-flight',
  ) {}

  get(): Promise<T> {
    if (!this.running) return this.start();
    if (this.join === 'in-flight') return this.running;
    this.queued ??= this.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
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
