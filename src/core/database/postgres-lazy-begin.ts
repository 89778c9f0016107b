import type { Client } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { TransactionState } from './transaction-units.js';

const BEGIN = 'START TRANSACTION';

/** Runners whose transaction is open for TypeORM but whose START TRANSACTION is not sent yet. */
const unsent = new WeakSet<QueryRunner>();

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
  const query = runner.query.bind(runner);
  runner.query = (async (...args: Parameters<QueryRunner['query']>) => {
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
  if (runner && unsent.delete(runner)) return { sql: `${BEGIN}; `, results: 1 };
  return { sql: '', results: 0 };
}

/** The raw connection under `manager`, with its transaction begun: for a statement with values. */
export async function begun(manager: EntityManager, client: Client): Promise<Client> {
  const runner = manager.queryRunner;
  if (runner && unsent.delete(runner)) await client.query(BEGIN);
  return client;
}

/**
 * Commits (or rolls back) what beginLazily opened: through TypeORM when its BEGIN was sent, so
 * that its bookkeeping follows; when it was never sent there is nothing on the server to end.
 */
export async function endLazily(runner: QueryRunner, commit: boolean): Promise<void> {
  if (unsent.delete(runner)) {
    const state = runner as unknown as TransactionState;
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    return;
  }
  if (commit) await runner.commitTransaction();
  else await runner.rollbackTransaction();
}
