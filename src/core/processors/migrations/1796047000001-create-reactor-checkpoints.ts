import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { deadLetterTable } from './dead-letter-table.js';

const CHECKPOINT_COLUMNS = [
  { name: 'name', type: 'varchar', length: '100', isPrimary: true },
  { name: 'position', type: 'bigint' },
  { name: 'last_error', type: 'text', isNullable: true },
  { name: 'updated_at', type: 'varchar', length: '30' },
];

/**
 * Write store: one checkpoint per reactor and forwarder (they had one between them, the event
 * relay's), and their dead letters. The relay's row moves over under its name, `event-relay`: each
 * reactor that has no checkpoint of its own yet starts from it, once (LegacyRelayCheckpoint), so
 * that no saga runs again from 0 after the upgrade.
 */
export class CreateReactorCheckpoints1796047000001 implements MigrationInterface {
  name = 'CreateReactorCheckpoints1796047000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'reactor_checkpoints',
        columns: [...CHECKPOINT_COLUMNS, { name: 'failed_position', type: 'bigint', isNullable: true }],
      }),
    );
    await queryRunner.query(
      'INSERT INTO reactor_checkpoints (name, position, updated_at) SELECT name, position, updated_at FROM relay_checkpoints',
    );
    await queryRunner.dropTable('relay_checkpoints');
    await queryRunner.createTable(new Table(deadLetterTable('reactor_dead_letters')));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('reactor_dead_letters');
    await queryRunner.createTable(new Table({ name: 'relay_checkpoints', columns: CHECKPOINT_COLUMNS }));
    await queryRunner.query(
      "INSERT INTO relay_checkpoints (name, position, updated_at) SELECT name, position, updated_at FROM reactor_checkpoints WHERE name = 'event-relay'",
    );
    await queryRunner.dropTable('reactor_checkpoints');
  }
}
