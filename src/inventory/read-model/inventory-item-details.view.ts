import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Everything about one item, as GET /inventory-items/:id shows it. */
@Entity('inventory_item_details')
export class InventoryItemDetailsView {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'current_count', type: 'integer' })
  currentCount: number;

  @Column({ name: 'max_qty', type: 'integer', nullable: true })
  maxQty: number | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'boolean' })
  active: boolean;
}
