import { Entity } from 'typeorm';
import { CheckpointColumns } from '../processors/checkpoint-columns.js';

/** How far one projection has applied the log; written in the same transaction as its view rows. */
@Entity('projection_checkpoints')
export class CheckpointEntity extends CheckpointColumns {}
