import { Column, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-types.js';

/**
 * A processor's checkpoint: how far it has got, and where and why it stopped when it failed. The
 * same columns in both stores, each processor's row in the store it writes (see the entities).
 */
export abstract class CheckpointColumns {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  /** The position of the last event it has finished with. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position: number;

  /** Set while it is failed: the position of the event it stopped before (the one a skip names). */
  @Column({ name: 'failed_position', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  failedPosition: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}
