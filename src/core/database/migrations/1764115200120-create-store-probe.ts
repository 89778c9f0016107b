import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateStoreProbe1764115200120 implements MigrationInterface {
  name = 'CreateStoreProbe1764115200120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'store_probe',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'probed_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('store_probe');
  }
}
