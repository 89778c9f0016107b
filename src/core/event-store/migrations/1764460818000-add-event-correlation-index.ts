import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The operator console reads the log by correlation id (one request, its saga and every command it
 * caused, in log order): this index answers that without a scan of the whole log, on both databases.
 */
export class AddEventCorrelationIndex1764460818000 implements MigrationInterface {
  name = 'AddEventCorrelationIndex1764460818000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'event_log',
      new TableIndex({ name: 'ix_event_log_correlation', columnNames: ['correlation_id', 'position'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('event_log', 'ix_event_log_correlation');
  }
}
