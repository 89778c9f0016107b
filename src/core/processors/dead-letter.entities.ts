import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-types.js';

/** An event a processor has set aside (see DeadLetter); the same columns in both stores. */
export abstract class DeadLetterColumns {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  processor: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  position: number;

  @Column({ name: 'event_id', type: 'varchar', length: 100 })
  eventId: string;

  @Column({ type: 'varchar', length: 200 })
  type: string;

  @Column({ name: 'stream_id', type: 'varchar', length: 200 })
  streamId: string;

  @Column({ type: 'text' })
  error: string;

  @Column({ name: 'dead_at', type: 'varchar', length: 30 })
  deadAt: string;
}

/** The dead letters of projections, in the read store (with the views they were kept out of). */
@Entity('projection_dead_letters')
export class ProjectionDeadLetterEntity extends DeadLetterColumns {}

/** The dead letters of reactors and forwarders, in the write store (with their checkpoints). */
@Entity('reactor_dead_letters')
export class ReactorDeadLetterEntity extends DeadLetterColumns {}
