import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateOrderViews1764115400001 implements MigrationInterface {
  name = 'CreateOrderViews1764115400001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'order_views',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'lines', type: 'text' },
          { name: 'rejection_reason', type: 'text', isNullable: true },
          { name: 'version', type: 'integer' },
          { name: 'placed_position', type: 'bigint' },
        ],
        indices: [
          new TableIndex({
            name: 'ix_order_views_status_placed',
            columnNames: ['status', 'placed_position'],
          }),
          new TableIndex({ name: 'ix_order_views_placed', columnNames: ['placed_position'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('order_views');
  }
}
