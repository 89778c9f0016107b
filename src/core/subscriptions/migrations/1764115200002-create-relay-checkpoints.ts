import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateRelayCheckpoints1764115200002 implements MigrationInterface {
  name = 'CreateRelayCheckpoints1764115200002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'relay_checkpoints',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'position', type: 'bigint' },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'updated_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('relay_checkpoints');
  }
}
