import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A command that must not run twice: one with an Idempotency-Key, or one a saga sent with a
 * deterministic id. Written in the same transaction as the command's events, so "answered" and
 * "recorded as processed" can never disagree.
 */
@Entity('processed_commands')
@Index('ix_processed_commands_processed_at', ['processedAt'])
export class ProcessedCommandEntity {
  @PrimaryColumn({ name: 'command_id', type: 'varchar', length: 200 })
  commandId: string;

  /** Hash of the request, to tell a retry from a different request that reuses the id. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  /** JSON of the CommandResult, or null when the command was refused. */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  /** JSON of the refusal as domain data, { category, code, message, details }, replayed to a retry. */
  @Column({ type: 'text', nullable: true })
  refusal: string | null;

  @Column({ name: 'processed_at', type: 'varchar', length: 30 })
  processedAt: string;
}
