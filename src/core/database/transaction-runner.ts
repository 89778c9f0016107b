import { AsyncResource } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { StoreUnavailableError } from '../domain/store-unavailable.error.js';
import { rawSqlite } from './raw-sqlite.js';
import { asStoreUnavailable } from './store-faults.js';

/** One open transaction, and what to do once it has committed. */
export interface Transaction {
  readonly manager: EntityManager;
  afterCommit(callback: () => void): void;
  /** On SQLite, how many units of work share this transaction's commit (group commit). */
  readonly groupSize?: number;
}

type Work<T> = (tx: Transaction) => Promise<T>;

interface Queued {
  readonly work: Work<unknown>;
  /** Runs alone and outside any transaction of ours (see exclusively()). */
  readonly exclusive?: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  | { readonly ok: true; readonly value: unknown; readonly callbacks: Array<() => void> }
  | { readonly ok: false; readonly error: unknown };

/**
 * `work`, to run in the async context of whoever called now. (AsyncResource.bind and
 * AsyncLocalStorage.snapshot do the same but call util.deprecate on every call on Node 20: 2.4% of a
 * command's CPU in a profile.)
 */
function inCallersContext<T>(work: Work<T>): Work<T> {
  const caller = new AsyncResource('TransactionUnit');
  return (tx) => caller.runInAsyncScope(work, undefined, tx);
}

/** The last commit that failed because of the store (not of the work), until one succeeds. */
export interface CommitFault {
  readonly reason: string;
  /** The first failure of this run of failures. */
  readonly since: Date;
  /** The latest failure. */
  readonly last: Date;
}

/** TypeORM's transaction bookkeeping on a query runner, which it does not reset when COMMIT fails. */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/** The most units of work one SQLite commit carries. */
const MAX_GROUP = 128;

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
 * On PostgreSQL each unit of work takes its own pooled connection and they run concurrently.
 */
export class TransactionRunner {
  readonly serialized: boolean;
  private readonly queue: Queued[] = [];
  private draining = false;
  private fault?: CommitFault;

  constructor(readonly dataSource: DataSource) {
    this.serialized = dataSource.options.type === 'better-sqlite3';
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
      result = await this.dataSource.transaction((manager) =>
        work({ manager, afterCommit: (callback) => callbacks.push(callback) }),
      );
    } catch (error) {
      throw this.failed(error);
    }
    this.fault = undefined;
    for (const callback of callbacks) callback();
    return result;
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
      this.leaveTransaction(runner);
      await runner.startTransaction();
      // A group of one needs no savepoint: its failure rolls back the whole (its own) transaction.
      if (group.length === 1) outcomes.push(await this.attempt(runner, group[0].work, 1));
      else for (const queued of group) outcomes.push(await this.attempt(runner, queued.work, group.length));
      // (Rolled back on the connection itself: SQLite may have done it already, see below.)
      if (group.length === 1 && !outcomes[0].ok) this.leaveTransaction(runner);
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
        this.leaveTransaction(runner);
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

  /**
   * Leaves any transaction open on the shared SQLite connection (rolled back) and resets TypeORM's
   * bookkeeping of it to "none". Throws when SQLite cannot roll it back: the store then refuses
   * every group (each tries again) rather than run one inside a transaction nobody commits.
   */
  private leaveTransaction(runner: QueryRunner): void {
    const connection = rawSqlite(this.dataSource);
    if (connection?.inTransaction) connection.exec('ROLLBACK');
    const state = runner as unknown as TransactionState;
    state.isTransactionActive = false;
    state.transactionDepth = 0;
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
