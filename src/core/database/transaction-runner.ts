import { AsyncResource } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

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

  private async runAlone<T>(work: Work<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    const result = await this.dataSource.transaction((manager) =>
      work({ manager, afterCommit: (callback) => callbacks.push(callback) }),
    );
    for (const callback of callbacks) callback();
    return result;
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
      await runner.startTransaction();
      // A group of one needs no savepoint: its failure rolls back the whole (its own) transaction.
      if (group.length === 1) outcomes.push(await this.attempt(runner, group[0].work, 1));
      else for (const queued of group) outcomes.push(await this.attempt(runner, queued.work, group.length));
      if (group.length === 1 && !outcomes[0].ok) await runner.rollbackTransaction();
      else await runner.commitTransaction();
    } catch (error) {
      // BEGIN or COMMIT failed: nothing of this group is durable, so none of it succeeded.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      for (const queued of group) queued.reject(error);
      return;
    } finally {
      await runner.release();
    }
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
      if (savepoint) await runner.rollbackTransaction();
      return { ok: false, error };
    }
  }
}
