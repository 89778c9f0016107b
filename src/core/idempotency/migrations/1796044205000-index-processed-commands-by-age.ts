import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/** The pruning of old Idempotency-Key records (ProcessedCommandsPruner) finds them by age. */
export class IndexProcessedCommandsByAge1796044205000 implements MigrationInterface {
  name = 'IndexProcessedCommandsByAge1796044205000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'processed_commands',
      new TableIndex({ name: 'ix_processed_commands_processed_at', columnNames: ['processed_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('processed_commands', 'ix_processed_commands_processed_at');
  }
}
