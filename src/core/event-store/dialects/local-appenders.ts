import type { Transaction } from '../../database/transaction-units.js';

/**
 * The appends this process has in flight on PostgreSQL, by server and backend pid, so that a head
 * that finds only this process's appenders holding the appending lock waits for their commits here
 * instead of polling `pg_locks` with a back-off (issue 13: polls were a third of the statements of
 * the processors under load, and the back-off, up to 20 ms, added to the read-after-write lag).
 *
 * An entry exists only while its transaction runs: it is removed when the transaction ends, and its
 * promise settles only when the end is confirmed (COMMIT or ROLLBACK answered). A transaction whose
 * end is not known (its connection was lost mid-COMMIT: it may still commit on the server) leaves a
 * promise that never settles, so a head waiting on it falls back to asking the server. A backend pid
 * that is not in the registry is another process's (or a transaction of ours that has ended), and
 * the server is asked as before.
 */
export class LocalAppenders {
  private readonly inFlight = new Map<string, Promise<void>>();

  /**
   * Records that `tx`, on backend `pid`, holds the appending lock. Transactions that cannot report
   * their end are not recorded: heads ask the server about them.
   */
  add(server: string, pid: number, tx: Transaction): void {
    const key = `${server}#${pid}`;
    // A backend runs one transaction at a time and every entry goes when its transaction ends: one
    // already here is this transaction's own (it took the lock before).
    if (!tx.whenEnded || this.inFlight.has(key)) return;
    let confirm!: () => void;
    const ended = new Promise<void>((resolve) => (confirm = resolve));
    this.inFlight.set(key, ended);
    tx.whenEnded((confirmed) => {
      if (this.inFlight.get(key) === ended) this.inFlight.delete(key);
      if (confirmed) confirm();
    });
  }

  /** The ends of the appends on these backends, if every one of them is this process's. */
  endsOf(server: string, pids: readonly number[]): Array<Promise<void>> | undefined {
    const ends: Array<Promise<void>> = [];
    for (const pid of pids) {
      const ended = this.inFlight.get(`${server}#${pid}`);
      if (!ended) return undefined;
      ends.push(ended);
    }
    return ends;
  }
}
