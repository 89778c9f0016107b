import type { DataSource, EntityManager } from 'typeorm';
import type { TransactionRunner } from '../database/transaction-runner.js';
import type { DeadLetterColumns } from './dead-letter.entities.js';
import type { DeadLetter } from './processor.js';

type DeadLetterTable = new () => DeadLetterColumns;

/** The dead letters of the processors that write one store (see Checkpoints for which). */
export class DeadLetters {
  constructor(
    readonly store: TransactionRunner,
    /** A connection of its own for reads outside the store's transactions (on SQLite, one is shared). */
    private readonly reader: DataSource,
    private readonly table: DeadLetterTable,
  ) {}

  /** Sets an event aside; in the caller's transaction (a skip moves the checkpoint in the same one). */
  async record(manager: EntityManager, letter: DeadLetter): Promise<void> {
    await manager.insert(this.table, letter);
  }

  /** A processor's dead letters, oldest first. */
  list(processor: string): Promise<DeadLetter[]> {
    return this.reader.manager.find(this.table, {
      where: { processor },
      order: { position: 'ASC' },
    });
  }

  async find(processor: string, position: number): Promise<DeadLetter | undefined> {
    return (await this.reader.manager.findOneBy(this.table, { processor, position })) ?? undefined;
  }

  /** How many dead letters each processor has (those with none are not in the map). */
  async counts(): Promise<Map<string, number>> {
    const rows = await this.reader.manager
      .createQueryBuilder(this.table, 'letter')
      .select('letter.processor', 'processor')
      .addSelect('COUNT(*)', 'count')
      .groupBy('letter.processor')
      .getRawMany<{ processor: string; count: string | number }>();
    return new Map(rows.map(({ processor, count }) => [processor, Number(count)]));
  }

  async remove(processor: string, position: number): Promise<void> {
    await this.store.run(({ manager }) => manager.delete(this.table, { processor, position }));
  }

  async updateError(processor: string, position: number, error: string): Promise<void> {
    await this.store.run(({ manager }) => manager.update(this.table, { processor, position }, { error }));
  }

  /** Forgets a projection's dead letters up to `position`: a rebuild has applied those events. */
  async clearUpTo(manager: EntityManager, processor: string, position: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .delete()
      .from(this.table)
      .where('"processor" = :processor AND "position" <= :position', { processor, position })
      .execute();
  }
}
