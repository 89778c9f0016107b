import { Entity } from 'typeorm';
import { CheckpointColumns } from './checkpoint-columns.js';

/**
 * The checkpoints of reactors and forwarders, in the write store beside the commands they send: the
 * read store is disposable, and wiping or rebuilding a view must not make a saga run again.
 */
@Entity('reactor_checkpoints')
export class ReactorCheckpointEntity extends CheckpointColumns {}
