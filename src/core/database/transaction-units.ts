import { AsyncResource } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { rawSqlite } from './raw-sqlite.js';

/** One open transaction, and what to do once it has committed. */
export interface Transaction {
  readonly manager: EntityManager;
  afterCommit(callback: () => void): void;
  /**
   * Where the runner can tell: runs once the transaction has ended, committed or rolled back, with
   * `confirmed` false when the database did not answer its end (it may yet commit).
   */
  whenEnded?(callback: (confirmed: boolean) => void): void;
  /** How many units of work share this transaction's commit (group commit: SQLite, CommandGroups). */
  readonly groupSize?: number;
  /**
   * Group commit on PostgreSQL (AppendGroup): what earlier units of work in this transaction decided
   * for a stream and appended, not committed yet, by stream id, for a later one of the same stream
   * to decide on (the store's rows are not there yet). The repository that wrote an entry reads it.
   */
  readonly handOver?: Map<string, unknown>;
}

export type Work<T> = (tx: Transaction) => Promise<T>;

export interface Queued {
  readonly work: Work<unknown>;
  /** Runs alone and outside any transaction of ours (see exclusively()). */
  readonly exclusive?: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export type Outcome =
  | { readonly ok: true; readonly value: unknown; readonly callbacks: Array<() => void> }
  | { readonly ok: false; readonly error: unknown };

/**
 * `work`, to run in the async context of whoever called now. (AsyncResource.bind and
 * AsyncLocalStorage.snapshot do the same but call util.deprecate on every call on Node 20: 2.4% of a
 * command's CPU in a profile.)
 */
export function inCallersContext<T>(work: Work<T>): Work<T> {
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
export interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/** The most units of work one SQLite commit carries. */
export const MAX_GROUP = 128;

/**
 * Leaves any transaction open on the shared SQLite connection (rolled back) and resets TypeORM's
 * bookkeeping of it to "none". Throws when SQLite cannot roll it back: the store then refuses
 * every group (each tries again) rather than run one inside a transaction nobody commits.
 */
export function leaveTransaction(dataSource: DataSource, runner: QueryRunner): void {
  const connection = rawSqlite(dataSource);
  if (connection?.inTransaction) connection.exec('ROLLBACK');
  const state = runner as unknown as TransactionState;
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
