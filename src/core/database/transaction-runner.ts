import type { DataSource, QueryRunner } from 'typeorm';
import { StoreUnavailableError } from '../domain/store-unavailable.error.js';
import { beginLazily, commitUnconfirmed, endLazily } from './postgres-lazy-begin.js';
import { rawSqlite } from './raw-sqlite.js';
import { asStoreUnavailable } from './store-faults.js';
import {
  type CommitFault,
  inCallersContext,
  leaveTransaction,
  MAX_GROUP,
  type Outcome,
  type Queued,
  type Work,
} from './transaction-units.js';

export type { CommitFault, Transaction } from './transaction-units.js';

/**
 * Runs transactions on one DataSource.
 *
 * On SQLite (better-sqlite3) TypeORM shares ONE connection, so a second transaction opened while one
 * awaits would become a savepoint inside it, and a rollback of either could undo the other's
 * acknowledged write. There, units of work are queued and run one after the other, and the ones
 * that queued up while a commit was under way share the next commit (group commit): each runs in a
 * savepoint of its own, so one that fails is rolled back alone, and none is answered before the
 * commit that makes it durable. One fsync then serves many commands.
 *
 * On PostgreSQL each unit of work takes its own pooled connection and they run concurrently. With
 * `beginWithFirstStatement` (both stores) its START TRANSACTION is not a round trip of its own
 * but goes with its first statement (postgres-lazy-begin.ts): a command's first statement is the
 * log's lock of its stream, a projector batch's the read of its view rows, which carry it in the
 * same query string.
 */
export class TransactionRunner {
  readonly serialized: boolean;
  private readonly queue: Queued[] = [];
  private draining = false;
  private fault?: CommitFault;

  private readonly lazyBegin: boolean;

  constructor(
    readonly dataSource: DataSource,
    { beginWithFirstStatement = false }: { beginWithFirstStatement?: boolean } = {},
  ) {
    this.serialized = dataSource.options.type === 'better-sqlite3';
    this.lazyBegin = beginWithFirstStatement && dataSource.options.type === 'postgres';
  }

  run<T>(work: Work<T>): Promise<T> {
    if (!this.serialized) return this.runAlone(work);
    return new Promise<T>((resolve, reject) => {
      // The queue runs units from whichever caller began the group: each must still see its own
      // async context (its command id, correlation id), so it is bound to it here.
      this.queue.push({
        work: inCallersContext(work),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.draining) void this.drain();
    });
  }

  /**
   * Runs `work` in this store's turn without opening a transaction here: for writes that go through
   * another connection to the same SQLite file (a projection rebuild), which would otherwise wait for
   * the file's write lock while blocking the event loop that must release it.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serialized) return work();
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, exclusive: true, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /**
   * Why the store could not commit, from the last commit that failed for a reason of the store (full
   * disk, read-only file, lost connection); undefined once a commit has succeeded since.
   */
  get commitFault(): CommitFault | undefined {
    return this.fault;
  }

  private async runAlone<T>(work: Work<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    let result: T;
    try {
      result = this.lazyBegin
        ? await this.runBeginningLazily(work, callbacks)
        : await this.dataSource.transaction((manager) =>
            work({ manager, afterCommit: (callback) => callbacks.push(callback) }),
          );
    } catch (error) {
      throw this.failed(error);
    }
    this.fault = undefined;
    for (const callback of callbacks) callback();
    return result;
  }

  /** As DataSource.transaction, with the BEGIN sent together with the first statement. */
  private async runBeginningLazily<T>(work: Work<T>, callbacks: Array<() => void>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const ended: Array<(confirmed: boolean) => void> = [];
    let confirmed = false;
    try {
      await runner.connect();
      beginLazily(runner);
      try {
        const result = await work({
          manager: runner.manager,
          afterCommit: (callback) => callbacks.push(callback),
          whenEnded: (callback) => ended.push(callback),
        });
        await endLazily(runner, true);
        confirmed = true;
        return result;
      } catch (error) {
        // A connection lost under a COMMIT on its way: the client must not be told nothing was written.
        const unconfirmed = commitUnconfirmed(runner);
        // The original error stands even when the rollback fails (as in DataSource.transaction).
        await endLazily(runner, false).then(
          () => (confirmed = true),
          () => undefined,
        );
        throw unconfirmed ? (asStoreUnavailable(error, { commitUnconfirmed: true }) ?? error) : error;
      }
    } finally {
      for (const callback of ended) callback(confirmed);
      await runner.release();
    }
  }

  /** Records a storage fault and answers the error to reject with: StoreUnavailableError for one. */
  private failed(error: unknown): unknown {
    const unavailable = asStoreUnavailable(error);
    if (!unavailable) return error;
    const now = new Date();
    this.fault = { reason: unavailable.reason, since: this.fault?.since ?? now, last: now };
    return unavailable;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // better-sqlite3 commits synchronously, so no request is read while a commit runs: let the
        // event loop take the requests that arrived meanwhile, so they join this group's commit.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.queue[0].exclusive) await this.runExclusive(this.queue.shift() as Queued);
        else await this.commitGroup(this.queue.splice(0, this.groupLength()));
      }
    } finally {
      this.draining = false;
    }
  }

  /** The queued units of work up to the next exclusive one, at most MAX_GROUP. */
  private groupLength(): number {
    const exclusive = this.queue.findIndex((queued) => queued.exclusive);
    return Math.min(MAX_GROUP, exclusive === -1 ? this.queue.length : exclusive);
  }

  private async runExclusive(queued: Queued): Promise<void> {
    try {
      queued.resolve(await (queued.work as () => Promise<unknown>)());
    } catch (error) {
      queued.reject(error);
    }
  }

  private async commitGroup(group: Queued[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const outcomes: Outcome[] = [];
    try {
      leaveTransaction(this.dataSource, runner);
      await runner.startTransaction();
      // A group of one needs no savepoint: its failure rolls back the whole (its own) transaction.
      if (group.length === 1) outcomes.push(await this.attempt(runner, group[0].work, 1));
      else for (const queued of group) outcomes.push(await this.attempt(runner, queued.work, group.length));
      // (Rolled back on the connection itself: SQLite may have done it already, see below.)
      if (group.length === 1 && !outcomes[0].ok) leaveTransaction(this.dataSource, runner);
      else await runner.commitTransaction();
      // Whatever TypeORM believes, the connection itself must be out of the transaction: a COMMIT
      // that only released a savepoint would make nothing durable.
      if (rawSqlite(this.dataSource)?.inTransaction)
        throw new StoreUnavailableError('the commit left a transaction open');
    } catch (error) {
      // BEGIN or COMMIT failed (or a savepoint could not be rolled back): nothing of this group is
      // durable, so none of it succeeded. SQLite may have rolled the transaction back by itself (it
      // does on SQLITE_FULL and some I/O errors), in which case TypeORM's ROLLBACK throws and leaves
      // its runner believing a transaction is open: the next unit would then open a savepoint in a
      // real transaction that no later "commit" ever commits. So the state is reset here, always.
      let failure = this.failed(error);
      try {
        leaveTransaction(this.dataSource, runner);
      } catch (stuck) {
        failure = this.failed(
          new StoreUnavailableError('a failed transaction cannot be rolled back', 2, { cause: stuck }),
        );
      }
      for (const queued of group) queued.reject(failure);
      return;
    } finally {
      await runner.release();
    }
    if (group.length > 1 || outcomes[0].ok) this.fault = undefined;
    group.forEach((queued, index) => {
      const outcome = outcomes[index];
      if (!outcome.ok) return queued.reject(outcome.error);
      for (const callback of outcome.callbacks) callback();
      queued.resolve(outcome.value);
    });
  }

  /** Runs one unit of the group; in a savepoint of its own when it shares the commit with others. */
  private async attempt(runner: QueryRunner, work: Work<unknown>, groupSize: number): Promise<Outcome> {
    const callbacks: Array<() => void> = [];
    const savepoint = groupSize > 1;
    if (savepoint) await runner.startTransaction();
    try {
      const value = await work({
        manager: runner.manager,
        afterCommit: (callback) => callbacks.push(callback),
        groupSize,
      });
      if (savepoint) await runner.commitTransaction();
      return { ok: true, value, callbacks };
    } catch (error) {
      if (savepoint) {
        try {
          await runner.rollbackTransaction();
        } catch (rollback) {
          // The savepoint is gone: SQLite rolled back the whole transaction after a storage error
          // (SQLITE_FULL mid-statement). The group fails, with the cause rather than its echo.
          throw asStoreUnavailable(error) ? error : rollback;
        }
      }
      return { ok: false, error: this.failed(error) };
    }
  }
}
