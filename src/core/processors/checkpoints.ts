import type { DataSource, EntityManager } from 'typeorm';
import type { TransactionRunner } from '../database/transaction-runner.js';
import type { CheckpointColumns } from './checkpoint-columns.js';
import { CheckpointMoved } from './checkpoint-moved.js';

type CheckpointTable = new () => CheckpointColumns;

export type StoredCheckpoint = Pick<CheckpointColumns, 'position' | 'failedPosition' | 'lastError'>;

const now = () => new Date().toISOString();

/**
 * The checkpoints of the processors that write one store (projections: the read store; reactors and
 * forwarders: the write store). Every move is fenced: it names the position its runner last saved,
 * and an update that finds another one there moves nothing and throws CheckpointMoved. So a runner
 * that lost its lease can neither apply a batch twice nor move a checkpoint backwards, and an
 * operator's skip (another process, perhaps) is seen by the runner as a moved checkpoint.
 */
export class Checkpoints {
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

  /** Moves `name` from `from` (where its runner saved it) to `to`, in `manager`'s transaction. */
  async move(manager: EntityManager, name: string, from: number, to: number): Promise<void> {
    if (to < from) throw new Error(`Checkpoint ${name} cannot move back from ${from} to ${to}`);
    const row = { position: to, failedPosition: null, lastError: null, updatedAt: now() };
    const moved = await manager.update(this.table, { name, position: from }, row);
    if (moved.affected) return;
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
