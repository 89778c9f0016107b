import type { Client, QueryResult } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { TransactionState } from './transaction-units.js';

const BEGIN = 'START TRANSACTION';

/** A statement that waits to go with the transaction's next one (see defer). */
interface Deferred {
  readonly sql: string;
  /** Looks at its result once that is back: may send more statements, or throw to fail the transaction. */
  readonly check?: (result: QueryResult) => Promise<void> | void;
}

/** What goes in front of a transaction's next statement, in the same query string. */
interface Prefix {
  readonly sql: string;
  /** How many results it adds in front of the statement's own. */
  readonly results: number;
  /** Runs the deferred statements' checks on the results of the round trip that carried them. */
  readonly settle: (results: readonly QueryResult[]) => Promise<void>;
}

/** Runners whose transaction is open for TypeORM but whose START TRANSACTION is not sent yet. */
const unsent = new WeakSet<QueryRunner>();
/** Runners whose transaction beginLazily opened: their end is endLazily's. */
const lazy = new WeakSet<QueryRunner>();
/** Runners whose transaction a statement ended by carrying its COMMIT (commitsWithStatement). */
const committed = new WeakSet<QueryRunner>();
/** Runners whose COMMIT was sent and not confirmed (yet, or ever: see commitUnconfirmed). */
const commitInFlight = new WeakSet<QueryRunner>();
/** Statements of lazily begun transactions that wait for the next one (defer). */
const deferred = new WeakMap<QueryRunner, Deferred[]>();

const refuseAfterCommit = (runner: QueryRunner | undefined): void => {
  if (runner && committed.has(runner))
    throw new Error('the transaction was committed with its last statement: nothing may follow it');
};

/**
 * PostgreSQL: opens a transaction on a connected runner without a round trip of its own. Its
 * START TRANSACTION goes with the transaction's first statement: in the same query string when
 * that statement is sent raw (takePrefix), else right before it (every TypeORM statement passes
 * through the runner's `query`, wrapped here); so do the statements deferred until then (defer).
 * TypeORM's bookkeeping says a transaction is open from now on, as startTransaction would leave it,
 * so that nothing on this runner opens another one. A transaction that sends nothing sends no BEGIN
 * nor COMMIT at all (endLazily).
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
    const pending = deferred.get(runner);
    if (pending) await sendPrefix(runner);
    else if (unsent.delete(runner)) await query(BEGIN);
    return query(...args);
  }) as QueryRunner['query'];
}

/**
 * Whether the transaction under `manager` was begun lazily and has not ended: its statements may
 * be deferred (defer), and its last one may carry its COMMIT (rawPostgresStatements).
 */
export function lazilyBegun(manager: EntityManager): boolean {
  const runner = manager.queryRunner;
  return runner !== undefined && lazy.has(runner) && !committed.has(runner);
}

/**
 * Sends `sql` (values as escaped literals) in front of the transaction's next statement, in the
 * same round trip, or with its COMMIT: for a write whose result nothing waits for. `check` sees its
 * result when that is back, before the transaction can commit: a statement with a check never
 * travels with the COMMIT. A rollback drops what was not sent. Only where lazilyBegun says so.
 */
export function defer(manager: EntityManager, sql: string, check?: Deferred['check']): void {
  const runner = manager.queryRunner;
  if (!runner || !lazilyBegun(manager)) throw new Error('defer: not in a lazily begun transaction');
  const pending = deferred.get(runner) ?? [];
  pending.push({ sql, check });
  deferred.set(runner, pending);
}

/**
 * For statements sent on the raw connection under `manager`: the SQL to put before them in the
 * same query string (simple query protocol), `START TRANSACTION; ` when the transaction has not
 * begun yet and the deferred statements. Before a statement that carries the COMMIT, deferred ones
 * with a check are sent on their own first (the checks must pass before anything commits).
 */
export async function takePrefix(manager: EntityManager, { commit = false } = {}): Promise<Prefix> {
  const runner = manager.queryRunner;
  refuseAfterCommit(runner);
  if (!runner) return NO_PREFIX;
  if (commit && deferred.get(runner)?.some((statement) => statement.check)) await sendPrefix(runner);
  return prefixOf(runner);
}

/** The raw connection under `manager`, with everything before its next statement sent: for one with values. */
export async function begun(manager: EntityManager, client: Client): Promise<Client> {
  const runner = manager.queryRunner;
  refuseAfterCommit(runner);
  if (runner) await sendPrefix(runner, client);
  return client;
}

const NO_PREFIX: Prefix = { sql: '', results: 0, settle: async () => undefined };

/** Takes what waits to go in front of `runner`'s next statement (nothing is sent yet). */
function prefixOf(runner: QueryRunner): Prefix {
  const begin = unsent.delete(runner);
  const pending = deferred.get(runner) ?? [];
  deferred.delete(runner);
  if (!begin && pending.length === 0) return NO_PREFIX;
  const statements = [...(begin ? [BEGIN] : []), ...pending.map((statement) => statement.sql)];
  const skipped = begin ? 1 : 0;
  return {
    sql: statements.map((statement) => `${statement}; `).join(''),
    results: statements.length,
    settle: async (results) => {
      for (const [index, statement] of pending.entries()) await statement.check?.(results[skipped + index]);
    },
  };
}

/** Sends what waits to go in front of `runner`'s next statement, in one round trip of its own. */
async function sendPrefix(runner: QueryRunner, client = connectionOfRunner(runner)): Promise<void> {
  const prefix = prefixOf(runner);
  if (prefix.results === 0) return;
  const results = (await client.query(prefix.sql)) as unknown as QueryResult | QueryResult[];
  await prefix.settle(Array.isArray(results) ? results : [results]);
}

function connectionOfRunner(runner: QueryRunner): Client {
  const connection = (runner as unknown as { databaseConnection?: Client }).databaseConnection;
  if (!connection) throw new Error('postgres-lazy-begin: the query runner is not connected');
  return connection;
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
  if (!commit) deferred.delete(runner);
  if (commit && deferred.has(runner)) return commitWithDeferred(runner);
  if (committed.delete(runner) || unsent.delete(runner)) return ended(runner);
  if (!commit) return runner.rollbackTransaction();
  commitInFlight.add(runner);
  await runner.commitTransaction();
  commitInFlight.delete(runner);
}

/** The deferred statements and the COMMIT in one round trip (their checks passed first). */
async function commitWithDeferred(runner: QueryRunner): Promise<void> {
  if (deferred.get(runner)?.some((statement) => statement.check)) await sendPrefix(runner);
  const prefix = prefixOf(runner);
  commitInFlight.add(runner);
  await connectionOfRunner(runner).query(`${prefix.sql}COMMIT`);
  commitInFlight.delete(runner);
  ended(runner);
}

/** TypeORM's bookkeeping for a transaction ended without its commitTransaction. */
function ended(runner: QueryRunner): void {
  const state = runner as unknown as TransactionState;
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
