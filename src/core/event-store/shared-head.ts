/**
 * The log's safe head, computed once for everyone who asks at about the same time: every processor
 * of a process wakes on the same commit and asks at once, and on PostgreSQL each computation reads
 * `pg_locks` and may poll it until the appenders in flight have finished (issue 13: two head
 * statements per command, one per processor).
 *
 * A caller never joins a computation already under way: that one may have read the log before the
 * commit the caller was woken for, and would answer a head without it (the caller would then sleep
 * on an event it never saw). It joins the next computation instead, which starts once the current
 * one ends and is shared by everyone who asked meanwhile: at most one runs and one waits.
 */
export class SharedHead {
  private running?: Promise<number>;
  private queued?: Promise<number>;

  constructor(private readonly compute: () => Promise<number>) {}

  get(): Promise<number> {
    if (!this.running) return this.start();
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

  private start(): Promise<number> {
    const computation = this.compute();
    this.running = computation;
    const settled = () => {
      if (this.running === computation) this.running = undefined;
    };
    computation.then(settled, settled);
    return computation;
  }
}
