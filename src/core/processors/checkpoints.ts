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
      defer(manager, this.updateSql(manager, { name, position: from }, row), (result) =>
        result.rowCount ? undefined : this.notMoved(manager, name, row),
      );
      return;
    }
    if (rawSqlite(manager.connection)) {
      const moved = preparedOn(manager.connection, this.moveSql(manager)).run(to, row.updatedAt, name, from);
      if (!moved.changes) await this.notMoved(manager, name, row);
      return;
    }
    const moved = await manager.update(this.table, { name, position: from }, row);
    if (!moved.affected) await this.notMoved(manager, name, row);
  }

  /**
   * The fenced move as one statement with parameters, prepared once (SQLite). TypeORM's update writes
   * the new position into its SQL as a literal, so every move was a new statement to parse and
   * prepare, and evicted another from TypeORM's cache of them: 5 % of the event loop at 600
   * check-ins/s (a move per projection batch), where the statement itself takes a few µs.
   */
  private moveSql(manager: EntityManager): string {
    if (this.sqliteMove) return this.sqliteMove;
    const names = namesOf<CheckpointColumns>(manager.connection.getMetadata(this.table), false);
    const column = (property: keyof CheckpointColumns & string) => names.column(property);
    return (this.sqliteMove = `UPDATE ${names.table} SET ${column('position')} = ?, ${column('failedPosition')} = NULL,
      ${column('lastError')} = NULL, ${column('updatedAt')} = ? WHERE ${column('name')} = ? AND ${column('position')} = ?`);
  }

  /** The fenced update found no row at `from`: moved elsewhere, or never saved (then it is inserted). */
  private async notMoved(manager: EntityManager, name: string, row: CheckpointRow): Promise<void> {
    const current = await manager.findOneBy(this.table, { name });
    if (current) throw new CheckpointMoved(current.position);
    await manager.insert(this.table, { name, ...row });
  }

  /** What manager.update(table, where, set) sends, with the values as literals (PostgreSQL). */
  private updateSql(manager: EntityManager, where: Partial<CheckpointColumns>, set: CheckpointRow): string {
    const names = namesOf<CheckpointColumns>(manager.connection.getMetadata(this.table), true);
    const client = connectionOf(manager);
    const pairs = (values: object, separator: string) =>
      Object.entries(values)
        .map(
          ([property, value]) =>
            `${names.column(property as keyof CheckpointColumns)} = ${sqlLiteral(client, value)}`,
        )
        .join(separator);
    return `UPDATE ${names.table} SET ${pairs(set, ', ')} WHERE ${pairs(where, ' AND ')}`;
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
