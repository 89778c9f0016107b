import type { DataSource, EntityManager } from 'typeorm';
import { defer, lazilyBegun } from '../database/postgres-lazy-begin.js';
import { connectionOf, sqlLiteral } from '../database/raw-postgres.js';
import { preparedOn, rawSqlite } from '../database/raw-sqlite.js';
import type { TransactionRunner } from '../database/transaction-runner.js';
import { namesOf } from '../database/view-statement.js';
import type { CheckpointColumns } from './checkpoint-columns.js';
import { CheckpointMoved } from './checkpoint-moved.js';

type CheckpointTable = new () => CheckpointColumns;

export type StoredCheckpoint = Pick<CheckpointColumns, 'position' | 'failedPosition' | 'lastError'>;
type CheckpointRow = StoredCheckpoint & Pick<CheckpointColumns, 'updatedAt'>;

const now = () => new Date().toISOString();

/** The values of a fenced move as its SQL holds them: literals (PostgreSQL) or placeholders (SQLite). */
interface MoveValues {
  readonly to: string;
  readonly updatedAt: string;
  readonly name: string;
  readonly from: string;
}

/** Bound in this order: to, updatedAt, name, from. */
const PLACEHOLDERS: MoveValues = { to: '?', updatedAt: '?', name: '?', from: '?' };

/**
 * The checkpoints of the processors that write one store (projections: the read store; reactors and
 * forwarders: the write store). Every move is fenced: it names the position its runner last saved,
 * and an update that finds another one there moves nothing and throws CheckpointMoved. So a runner
 * that lost its lease can neither apply a batch twice nor move a checkpoint backwards, and an
 * operator's skip (another process, perhaps) is seen by the runner as a moved checkpoint.
 */
export class Checkpoints {
  private sqliteMove?: string;

  constructor(
    readonly store: TransactionRunner,
    /** A connection of its own for reads outside the store's transactions (on SQLite, one is shared). */
    private readonly reader: DataSource,
    private readonly table: CheckpointTable,
  ) {}

  async load(name: string): Promise<StoredCheckpoint | undefined> {
    return (await this.reader.manager.findOneBy(this.table, { name })) ?? undefined;
  }

  async all(): Promise<Map<string, StoredCheckpoint>> {
    const rows = await this.reader.manager.find(this.table);
    return new Map(rows.map((row) => [row.name, row]));
  }

  /**
   * Moves `name` from `from` (where its runner saved it) to `to`, in `manager`'s transaction. On
   * PostgreSQL the UPDATE waits to go with the transaction's next statement (a batch's read of its
   * view rows), and its fence is checked when that answers, before anything can commit.
   */
  async move(manager: EntityManager, name: string, from: number, to: number): Promise<void> {
    if (to < from) throw new Error(`Checkpoint ${name} cannot move back from ${from} to ${to}`);
    const row: CheckpointRow = { position: to, failedPosition: null, lastError: null, updatedAt: now() };
    if (lazilyBegun(manager)) {
      const client = connectionOf(manager);
      const literal = (value: unknown) => sqlLiteral(client, value);
      const sql = this.moveSql(manager, {
        to: literal(to),
        updatedAt: literal(row.updatedAt),
        name: literal(name),
        from: literal(from),
      });
      defer(manager, sql, (result) => (result.rowCount ? undefined : this.notMoved(manager, name, row)));
      return;
    }
    if (rawSqlite(manager.connection)) {
      this.sqliteMove ??= this.moveSql(manager, PLACEHOLDERS);
      const moved = preparedOn(manager.connection, this.sqliteMove).run(to, row.updatedAt, name, from);
      if (!moved.changes) await this.notMoved(manager, name, row);
      return;
    }
    const moved = await manager.update(this.table, { name, position: from }, row);
    if (!moved.affected) await this.notMoved(manager, name, row);
  }

  /**
   * The fenced move's UPDATE. On SQLite it is prepared once with placeholders: TypeORM's update wrote
   * the new position into its SQL as a literal, so every move was a new statement to parse and
   * prepare, and evicted another from TypeORM's cache of them (5 % of the event loop at 600
   * check-ins/s, for a statement that runs in a few µs). On PostgreSQL it goes with the next
   * statement, its values as literals.
   */
  private moveSql(manager: EntityManager, values: MoveValues): string {
    const names = namesOf<CheckpointColumns>(manager.connection.getMetadata(this.table), false);
    const column = (property: keyof CheckpointColumns & string) => names.column(property);
    return `UPDATE ${names.table} SET ${column('position')} = ${values.to}, ${column('failedPosition')} = NULL,
      ${column('lastError')} = NULL, ${column('updatedAt')} = ${values.updatedAt}
      WHERE ${column('name')} = ${values.name} AND ${column('position')} = ${values.from}`;
  }

  /** The fenced update found no row at `from`: moved elsewhere, or never saved (then it is inserted). */
  private async notMoved(manager: EntityManager, name: string, row: CheckpointRow): Promise<void> {
    const current = await manager.findOneBy(this.table, { name });
    if (current) throw new CheckpointMoved(current.position);
    await manager.insert(this.table, { name, ...row });
  }

  /** Records that `name`, saved at `at`, stopped before the event at `failedPosition`. */
  async fail(name: string, at: number, failedPosition: number, error: string): Promise<void> {
    await this.store.run(async ({ manager }) => {
      const row = { failedPosition, lastError: error, updatedAt: now() };
      const marked = await manager.update(this.table, { name, position: at }, row);
      if (marked.affected) return;
      const current = await manager.findOneBy(this.table, { name });
      if (current) throw new CheckpointMoved(current.position);
      await manager.insert(this.table, { name, position: at, ...row });
    });
  }

  /**
   * The operator's skip: moves `name` past the event at `position`, only if it is failed right
   * there; in the caller's transaction, with the dead letter. False (nothing moved) otherwise.
   */
  async skip(manager: EntityManager, name: string, position: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(this.table)
      .set({ position, failedPosition: null, lastError: null, updatedAt: now() })
      .where('"name" = :name AND "failed_position" = :position AND "position" < :position', {
        name,
        position,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Sets `name` to `position` whatever it was: a rebuild's swap, which replaces the view too. */
  async reset(manager: EntityManager, name: string, position: number): Promise<void> {
    await manager.upsert(
      this.table,
      { name, position, failedPosition: null, lastError: null, updatedAt: now() },
      ['name'],
    );
  }
}
