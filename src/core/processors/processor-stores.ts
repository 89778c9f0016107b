import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LOG_READER, VIEW_READER } from '../database/data-source-names.js';
import { ReadTransactions, WriteTransactions } from '../database/write-transactions.js';
import { CheckpointEntity } from '../projections/checkpoint.entity.js';
import { Checkpoints } from './checkpoints.js';
import { ProjectionDeadLetterEntity, ReactorDeadLetterEntity } from './dead-letter.entities.js';
import { DeadLetters } from './dead-letters.js';
import type { ProcessorKind } from './processor.js';
import { ReactorCheckpointEntity } from './reactor-checkpoint.entity.js';

/**
 * Where each kind of processor keeps its checkpoint and its dead letters: in the store it writes.
 * A projection's live in the read store, in the transaction of its view rows; a reactor's or
 * forwarder's in the write store, beside the commands it sends (the read store is disposable).
 */
@Injectable()
export class ProcessorStores {
  readonly projectionCheckpoints: Checkpoints;
  readonly reactorCheckpoints: Checkpoints;
  readonly projectionDeadLetters: DeadLetters;
  /** Reactors', forwarders' and inbound consumers' (ExternalProcessor) dead letters. */
  readonly writeDeadLetters: DeadLetters;

  constructor(
    reads: ReadTransactions,
    writes: WriteTransactions,
    @InjectDataSource(VIEW_READER) views: DataSource,
    @InjectDataSource(LOG_READER) log: DataSource,
  ) {
    this.projectionCheckpoints = new Checkpoints(reads, views, CheckpointEntity);
    this.reactorCheckpoints = new Checkpoints(writes, log, ReactorCheckpointEntity);
    this.projectionDeadLetters = new DeadLetters(reads, views, ProjectionDeadLetterEntity);
    this.writeDeadLetters = new DeadLetters(writes, log, ReactorDeadLetterEntity);
  }

  checkpoints(kind: ProcessorKind): Checkpoints {
    return kind === 'projection' ? this.projectionCheckpoints : this.reactorCheckpoints;
  }

  deadLetters(kind: ProcessorKind): DeadLetters {
    return kind === 'projection' ? this.projectionDeadLetters : this.writeDeadLetters;
  }
}
