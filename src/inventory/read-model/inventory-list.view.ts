import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per active item, for the catalogue list ordered by name then id. */
@Entity('inventory_list')
@Index('ix_inventory_list_name_id', ['name', 'id'])
export class InventoryListView {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;
}
