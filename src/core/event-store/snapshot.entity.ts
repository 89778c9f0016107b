import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest snapshot of one event-sourced stream, so loading reads at most N newer events. */
@Entity('snapshots')
export class SnapshotEntity {
  @PrimaryColumn({ name: 'stream_id', type: 'varchar', length: 200 })
  streamId: string;

  @Column({ name: 'stream_type', type: 'varchar', length: 100 })
  streamType: string;

  @Column({ type: 'integer' })
  version: number;

  /** The aggregate's own snapshot format version: a snapshot of another version is ignored. */
  @Column({ name: 'schema_version', type: 'integer' })
  schemaVersion: number;

  @Column({ type: 'text' })
  state: string;

  @Column({ name: 'taken_at', type: 'varchar', length: 30 })
  takenAt: string;
}
