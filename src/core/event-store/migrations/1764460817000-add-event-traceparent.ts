import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The W3C trace context of the span that appended each event (null when tracing was off), so that
 * every processor that later handles the event continues or links to that trace.
 */
export class AddEventTraceparent1764460817000 implements MigrationInterface {
  name = 'AddEventTraceparent1764460817000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'event_log',
      new TableColumn({ name: 'traceparent', type: 'varchar', length: '55', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('event_log', 'traceparent');
  }
}
