import type { DataSource, EntityManager } from 'typeorm';

/** One open transaction, and what to do once it has committed. */
export interface Transaction {
  readonly manager: EntityManager;
  afterCommit(callback: () => void): void;
}

/**
 * Runs transactions on one DataSource. On SQLite (better-sqlite3) TypeORM shares ONE connection, so
 * a second transaction opened while one awaits would become a savepoint inside it, and a rollback of
 * either could undo the other's acknowledged write. We therefore queue transactions one after the
 * other there; on PostgreSQL each takes its own pooled connection and they run concurrently.
 */
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  readonly serialized: boolean;

  constructor(readonly dataSource: DataSource) {
    this.serialized = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.exclusively(() => this.execute(work));
  }

  /**
   * Runs `work` in this store's turn without opening a transaction here: for writes that go through
   * another connection to the same SQLite file (a projection rebuild), which would otherwise wait for
   * the file's write lock while blocking the event loop that must release it.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serialized) return work();
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async execute<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    const result = await this.dataSource.transaction((manager) =>
      work({ manager, afterCommit: (callback) => callbacks.push(callback) }),
    );
    for (const callback of callbacks) callback();
    return result;
  }
}
