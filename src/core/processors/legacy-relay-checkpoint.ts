import type { TransactionRunner } from '../database/transaction-runner.js';
import { ReactorCheckpointEntity } from './reactor-checkpoint.entity.js';

/** The name under which the old event relay's one checkpoint was moved to reactor_checkpoints. */
export const LEGACY_RELAY = 'event-relay';

/**
 * The upgrade from the event relay (one checkpoint for every saga and the EventBus) to one reactor
 * per saga: the first start after it gives every reactor of this code that has no checkpoint yet
 * the relay's position, and drops the relay's row, in one transaction. So no saga runs again from
 * 0; a reactor added later starts from 0, as a projection does. Without that row, it does nothing.
 */
export async function adoptLegacyRelayCheckpoint(writes: TransactionRunner, reactors: readonly string[]) {
  await writes.run(async ({ manager }) => {
    const legacy = await manager.findOneBy(ReactorCheckpointEntity, { name: LEGACY_RELAY });
    if (!legacy) return;
    const updatedAt = new Date().toISOString();
    const rows = reactors.map((name) => ({ name, position: legacy.position, updatedAt }));
    if (rows.length > 0)
      await manager
        .createQueryBuilder()
        .insert()
        .into(ReactorCheckpointEntity)
        .values(rows)
        .orIgnore()
        .execute();
    await manager.delete(ReactorCheckpointEntity, { name: LEGACY_RELAY });
  });
}
