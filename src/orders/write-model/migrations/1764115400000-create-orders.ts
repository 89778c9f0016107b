import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateOrders1764115400000 implements MigrationInterface {
  name = 'CreateOrders1764115400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'orders',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'lines', type: 'text' },
          { name: 'rejection_reason', type: 'text', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('orders');
  }
}
