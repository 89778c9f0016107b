import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { autoIncrementBigint } from '../../database/migration-helpers.js';

export class CreateEventLog1764115200000 implements MigrationInterface {
  name = 'CreateEventLog1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'event_log',
        columns: [
          autoIncrementBigint(queryRunner, 'position'),
          { name: 'stream_id', type: 'varchar', length: '200' },
          { name: 'stream_type', type: 'varchar', length: '100' },
          { name: 'version', type: 'integer' },
          { name: 'type', type: 'varchar', length: '200' },
          { name: 'schema_version', type: 'integer' },
          { name: 'data', type: 'text' },
          { name: 'event_id', type: 'varchar', length: '36' },
          { name: 'command_id', type: 'varchar', length: '200' },
          { name: 'correlation_id', type: 'varchar', length: '200' },
          { name: 'causation_id', type: 'varchar', length: '200' },
          { name: 'occurred_at', type: 'varchar', length: '30' },
        ],
        indices: [
          new TableIndex({
            name: 'uq_event_log_stream_version',
            columnNames: ['stream_id', 'version'],
            isUnique: true,
          }),
          new TableIndex({ name: 'uq_event_log_event_id', columnNames: ['event_id'], isUnique: true }),
          new TableIndex({ name: 'ix_event_log_type', columnNames: ['type'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'snapshots',
        columns: [
          { name: 'stream_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'stream_type', type: 'varchar', length: '100' },
          { name: 'version', type: 'integer' },
          { name: 'schema_version', type: 'integer' },
          { name: 'state', type: 'text' },
          { name: 'taken_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'processed_commands',
        columns: [
          { name: 'command_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'result', type: 'text', isNullable: true },
          { name: 'refusal', type: 'text', isNullable: true },
          { name: 'processed_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('processed_commands');
    await queryRunner.dropTable('snapshots');
    await queryRunner.dropTable('event_log');
  }
}
