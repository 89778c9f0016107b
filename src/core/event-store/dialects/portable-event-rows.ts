import type { EntityManager } from 'typeorm';
import type { Transaction } from '../../database/transaction-runner.js';
import { EventRecordEntity } from '../event-record.entity.js';
import type { StreamSnapshot } from '../event-store.js';
import { SnapshotEntity } from '../snapshot.entity.js';
import type { EventRow } from './event-log-dialect.js';

const toRow = (entity: EventRecordEntity): EventRow => ({ ...entity, position: Number(entity.position) });

/** The log's rows through TypeORM's entity and query builder: portable SQL, what PostgreSQL uses. */
export abstract class PortableEventRows {
  async streamVersion(tx: Transaction, streamId: string): Promise<number> {
    const row = await tx.manager
      .createQueryBuilder(EventRecordEntity, 'e')
      .select('MAX(e.version)', 'version')
      .where('e.streamId = :streamId', { streamId })
      .getRawOne<{ version: number | string | null }>();
    return Number(row?.version ?? 0);
  }

  async readSnapshot(tx: Transaction, streamId: string): Promise<StreamSnapshot | undefined> {
    return (await tx.manager.findOneBy(SnapshotEntity, { streamId })) ?? undefined;
  }

  async saveSnapshot(tx: Transaction, snapshot: StreamSnapshot): Promise<void> {
    await tx.manager.upsert(SnapshotEntity, snapshot, ['streamId']);
  }

  async readStream(
    manager: EntityManager,
    streamId: string,
    afterVersion: number,
    limit?: number,
  ): Promise<EventRow[]> {
    const query = manager
      .createQueryBuilder(EventRecordEntity, 'e')
      .where('e.streamId = :streamId AND e.version > :afterVersion', { streamId, afterVersion })
      .orderBy('e.version', 'ASC');
    if (limit !== undefined) query.limit(limit);
    return (await query.getMany()).map(toRow);
  }
}
