import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-types.js';

/**
 * How far the event relay has delivered the log. It lives in the write store, beside the commands
 * that the relay's sagas issue: the read store is disposable, and wiping or rebuilding a view must
 * not make every saga run again (see docs/decisions/0010-event-relay.md).
 */
@Entity('relay_checkpoints')
export class RelayCheckpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}
