import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The whole model of the plain CRUD service: one row per item, updated in place. */
@Entity('items')
@Index('ix_items_active_name', ['active', 'name', 'id'])
export class Item {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'current_count', type: 'integer', default: 0 })
  currentCount: number;

  @Column({ name: 'max_qty', type: 'integer', nullable: true })
  maxQty: number | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
