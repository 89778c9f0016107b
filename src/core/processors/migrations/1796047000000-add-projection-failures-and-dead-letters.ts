import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { deadLetterTable } from './dead-letter-table.js';

/**
 * Read store: where a failed projection stopped (the position an operator's skip names), and the
 * events set aside from its views (docs/decisions/0150-processors.md).
 */
export class AddProjectionFailuresAndDeadLetters1796047000000 implements MigrationInterface {
  name = 'AddProjectionFailuresAndDeadLetters1796047000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'projection_checkpoints',
      new TableColumn({ name: 'failed_position', type: 'bigint', isNullable: true }),
    );
    await queryRunner.createTable(new Table(deadLetterTable('projection_dead_letters')));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('projection_dead_letters');
    await queryRunner.dropColumn('projection_checkpoints', 'failed_position');
  }
}
