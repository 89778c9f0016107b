import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One row of the event log: the source of truth every consumer reads in `position` order. */
@Entity('event_log')
@Index('uq_event_log_stream_version', ['streamId', 'version'], { unique: true })
@Index('ix_event_log_correlation', ['correlationId', 'position'])
export class EventRecordEntity {
  /** A string from PostgreSQL (bigint), a number from SQLite: read it through Number(). */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  position: number | string;

  @Column({ name: 'stream_id', type: 'varchar', length: 200 })
  streamId: string;

  @Column({ name: 'stream_type', type: 'varchar', length: 100 })
  streamType: string;

  @Column({ type: 'integer' })
  version: number;

  @Index('ix_event_log_type')
  @Column({ type: 'varchar', length: 200 })
  type: string;

  @Column({ name: 'schema_version', type: 'integer' })
  schemaVersion: number;

  @Column({ type: 'text' })
  data: string;

  @Index('uq_event_log_event_id', { unique: true })
  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId: string;

  @Column({ name: 'command_id', type: 'varchar', length: 200 })
  commandId: string;

  @Column({ name: 'correlation_id', type: 'varchar', length: 200 })
  correlationId: string;

  @Column({ name: 'causation_id', type: 'varchar', length: 200 })
  causationId: string;

  @Column({ name: 'occurred_at', type: 'varchar', length: 30 })
  occurredAt: string;

  /** W3C trace context of the span that appended the event; null when tracing was off. */
  @Column({ type: 'varchar', length: 55, nullable: true })
  traceparent: string | null;
}
