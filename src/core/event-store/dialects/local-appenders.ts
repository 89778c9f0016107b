import type { Transaction } from '../../database/transaction-units.js';

/** What LocalAppenders needs of a pg connection. */
export interface AppenderConnection {
  readonly processID: number | null;
  once(event: 'end', listener: () => void): unknown;
}

/** One backend (server process) of this process's connections, and its append in flight, if any. */
interface Backend {
  current?: Promise<void>;
}

/**
 * The backends this process appends through on PostgreSQL, by server and backend pid, so that a head
 * that finds only this process's appenders holding the appending lock waits for their ends here
 * instead of polling `pg_locks` with a back-off (issue 13: polls were a third of the processors'
 * statements under load, and the back-off, up to 20 ms, added to the read-after-write lag).
 *
 * A backend is known while its connection is open and every transaction on it ended as known: a
 * listed appender on a known backend is either its append in flight (awaited) or one that has ended
 * (a backend runs one transaction at a time). A transaction whose end the database did not confirm
 * (the connection was lost during COMMIT: it may still commit) makes its backend unknown, and a
 * head waiting for it falls back to asking the server, as for any backend of another process.
 */
export class LocalAppenders {
  private readonly backends = new Map<string, Backend>();
  private readonly watched = new WeakSet<AppenderConnection>();

  /** Records that `tx`, on `connection`, holds the appending lock. */
  add(server: string, connection: AppenderConnection, tx: Transaction): void {
    if (connection.processID === null) return;
    const key = `${server}#${connection.processID}`;
    if (!tx.whenEnded) {
      this.backends.delete(key); // its end would never be known
      return;
    }
    let backend = this.backends.get(key);
    // Already in flight: this very transaction took the lock before (every end clears `current`).
    if (backend?.current) return;
    if (!backend) {
      backend = {};
      this.backends.set(key, backend);
    }
    if (!this.watched.has(connection)) {
      this.watched.add(connection);
      // Closed, its pid may serve another process's connection later.
      connection.once('end', () => this.backends.delete(key));
    }
    let confirm!: () => void;
    const ended = new Promise<void>((resolve) => (confirm = resolve));
    const mine = backend;
    mine.current = ended;
    tx.whenEnded((confirmed) => {
      if (!confirmed) return void this.backends.delete(key);
      mine.current = undefined;
      confirm();
    });
  }

  /**
   * What to wait for before the appenders on these backends have all ended, if every backend is one
   * of this process's: their appends in flight (none, when they have all ended already).
   */
  endsOf(server: string, pids: readonly number[]): Array<Promise<void>> | undefined {
    const ends: Array<Promise<void>> = [];
    for (const pid of pids) {
      const backend = this.backends.get(`${server}#${pid}`);
      if (!backend) return undefined;
      if (backend.current) ends.push(backend.current);
    }
    return ends;
  }
}
