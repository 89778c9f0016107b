import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per prober, rewritten by the health check of a process that writes the write store: a
 * commit that must reach the disk proves that the store can take commands (a ping does not: a full
 * disk or a read-only file still answers SELECT 1).
 */
@Entity('store_probe')
export class StoreProbeEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'probed_at', type: 'varchar', length: 30 })
  probedAt: string;
}
