import type { Client } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { TransactionState } from './transaction-units.js';

const BEGIN = 'START TRANSACTION';

/** Runners whose transaction is open for TypeORM but whose START TRANSACTION is not sent yet. */
const unsent = new WeakSet<QueryRunner>();
/** Runners whose transaction beginLazily opened: their end is endLazily's. */
const lazy = new WeakSet<QueryRunner>();
/** Runners whose transaction a statement ended by carrying its COMMIT (commitsWithStatement). */
const committed = new WeakSet<QueryRunner>();
/** Runners whose COMMIT was sent and not confirmed (yet, or ever: see commitUnconfirmed). */
const commitInFlight = new WeakSet<QueryRunner>();

const refuseAfterCommit = (runner: QueryRunner | undefined): void => {
  if (runner && committed.has(runner))
    throw new Error('the transaction was committed with its last statement: nothing may follow it');
};

/**
 * PostgreSQL: opens a transaction on a connected runner without a round trip of its own. Its
 * START TRANSACTION goes with the transaction's first statement: in the same query string when
 * that statement is the log's (takeBegin), else right before it (every TypeORM statement passes
 * through the runner's `query`, wrapped here). TypeORM's bookkeeping says a transaction is open from
 * now on, as startTransaction would leave it, so that nothing on this runner opens another one.
 * A transaction that sends nothing sends no BEGIN nor COMMIT at all (endLazily).
 */
export function beginLazily(runner: QueryRunner): void {
  const state = runner as unknown as TransactionState;
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  unsent.add(runner);
  lazy.add(runner);
  const query = runner.query.bind(runner);
  runner.query = (async (...args: Parameters<QueryRunner['query']>) => {
    refuseAfterCommit(runner);
    if (unsent.delete(runner)) await query(BEGIN);
    return query(...args);
  }) as QueryRunner['query'];
}

/**
 * For a statement sent on the raw connection under `manager`: the SQL to put before it in the same
 * query string (simple query protocol), `START TRANSACTION; ` when the transaction has not begun
 * yet, and how many results that adds in front of the statement's own; nothing once it has.
 */
export function takeBegin(manager: EntityManager): { readonly sql: string; readonly results: number } {
  const runner = manager.queryRunner;
  refuseAfterCommit(runner);
  if (runner && unsent.delete(runner)) return { sql: `${BEGIN}; `, results: 1 };
  return { sql: '', results: 0 };
}

/** The raw connection under `manager`, with its transaction begun: for a statement with values. */
export async function begun(manager: EntityManager, client: Client): Promise<Client> {
  const runner = manager.queryRunner;
  refuseAfterCommit(runner);
  if (runner && unsent.delete(runner)) await client.query(BEGIN);
  return client;
}

/**
 * Whether the transaction under `manager` may be committed by its next statement, in the same
 * round trip (a lazily begun one, not ended yet): for a unit of work's last write.
 */
export function canCommitWithStatement(manager: EntityManager): boolean {
  const runner = manager.queryRunner;
  return runner !== undefined && lazy.has(runner) && !committed.has(runner);
}

/**
 * Records that a statement carried the transaction's COMMIT and the server answered it: endLazily
 * then sends nothing, and any later statement of the unit is refused (it would run outside the
 * transaction).
 */
export function committedWithStatement(manager: EntityManager): void {
  if (!manager.queryRunner) return;
  commitInFlight.delete(manager.queryRunner);
  committed.add(manager.queryRunner);
}

/** Records that a statement carrying the transaction's COMMIT is being sent. */
export function sendingCommit(manager: EntityManager): void {
  if (manager.queryRunner) commitInFlight.add(manager.queryRunner);
}

/**
 * Whether the transaction's COMMIT was sent and its success never came back. After a socket's error
 * or a timeout the server may have committed it or not; after its own error answer it did not
 * (asStoreUnavailable tells the two apart).
 */
export function commitUnconfirmed(runner: QueryRunner): boolean {
  return commitInFlight.has(runner);
}

/**
 * Commits (or rolls back) what beginLazily opened: through TypeORM when its BEGIN was sent, so
 * that its bookkeeping follows; when it was never sent there is nothing on the server to end. When
 * a statement committed it already (committedWithStatement) there is nothing left to end either,
 * even for a rollback: the unit failed after its commit, which stands, as after any COMMIT whose
 * caller fails before answering.
 */
export async function endLazily(runner: QueryRunner, commit: boolean): Promise<void> {
  if (committed.delete(runner) || unsent.delete(runner)) {
    const state = runner as unknown as TransactionState;
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    return;
  }
  if (!commit) return runner.rollbackTransaction();
  commitInFlight.add(runner);
  await runner.commitTransaction();
  commitInFlight.delete(runner);
}
