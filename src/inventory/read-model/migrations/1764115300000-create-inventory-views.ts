import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateInventoryViews1764115300000 implements MigrationInterface {
  name = 'CreateInventoryViews1764115300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'inventory_list',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
        ],
        indices: [new TableIndex({ name: 'ix_inventory_list_name_id', columnNames: ['name', 'id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'inventory_item_details',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'current_count', type: 'integer' },
          { name: 'max_qty', type: 'integer', isNullable: true },
          { name: 'version', type: 'integer' },
          { name: 'active', type: 'boolean' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inventory_item_details');
    await queryRunner.dropTable('inventory_list');
  }
}
