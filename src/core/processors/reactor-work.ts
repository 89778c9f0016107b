import type { Logger } from '@nestjs/common';
import type { RecordedEvent } from '../domain/domain-event.js';
import { ProcessorSpans } from '../tracing/processor-spans.js';
import type { Checkpoints } from './checkpoints.js';
import { type CheckpointCursor, EventFailed, type ProcessorWork } from './processor-work.js';
import type { Reactor } from './reactor.js';

/**
 * A reactor or forwarder as a processor: each event of a batch is handed to it in turn, its
 * reaction awaited, and the checkpoint (write store) saved at the end of the batch, or right before
 * an event whose reaction failed. Its effects are outside that transaction, so delivery is at least
 * once: a crash or a lost lease delivers the unsaved events again (reactions are idempotent).
 */
export class ReactorWork implements ProcessorWork {
  readonly batchSize = 100;

  constructor(
    readonly reactor: Reactor,
    readonly checkpoints: Checkpoints,
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.reactor.name;
  }
  get kind() {
    return this.reactor.kind;
  }
  get eventTypes(): readonly string[] | undefined {
    return this.reactor.eventTypes;
  }
  get retry() {
    return this.reactor.retry;
  }

  async process(batch: readonly RecordedEvent[], next: number, cursor: CheckpointCursor): Promise<void> {
    await ProcessorSpans.batch(this, batch, async () => {
      for (const recorded of batch) {
        // A stop ends the batch between two reactions; what was done is saved.
        if (!cursor.active()) return cursor.commit(recorded.position - 1);
        try {
          await this.redeliver(recorded);
        } catch (error) {
          await cursor.commit(recorded.position - 1);
          throw new EventFailed(recorded, error);
        }
        // One line per reaction at debug level: a correlation id can be followed into the sagas.
        this.logger.debug('event handled', {
          processor: this.name,
          position: recorded.position,
          type: recorded.type,
          streamId: recorded.streamId,
          correlationId: recorded.metadata.correlationId,
        });
      }
      if (this.reactor.saveAfterEachBatch) await cursor.commit(next);
      else cursor.advance(next);
    });
  }

  /** One reaction, in its span (the commands it sends continue the trace of the event). */
  redeliver(recorded: RecordedEvent): Promise<void> {
    return ProcessorSpans.event(this, recorded, () => this.reactor.handle(recorded));
  }
}
