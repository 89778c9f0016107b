import type { Logger } from '@nestjs/common';
import type { RecordedEvent } from '../domain/domain-event.js';
import { asStoreUnavailable } from '../database/store-faults.js';
import type { Projection } from '../projections/projection.js';
import { ChangedRows, type ViewCache } from '../projections/view-cache.js';
import { ProcessorSpans } from '../tracing/processor-spans.js';
import { CheckpointMoved } from './checkpoint-moved.js';
import type { Checkpoints } from './checkpoints.js';
import { type CheckpointCursor, EventFailed, type ProcessorWork } from './processor-work.js';

/** Neither the event's fault nor the projection's: passed on for the runner to wait out. */
const notTheEvents = (error: unknown) =>
  error instanceof CheckpointMoved || asStoreUnavailable(error) !== undefined;

/**
 * A projection as a processor (a projector): a batch's view rows and the checkpoint are written in
 * ONE read-store transaction, so a view and its checkpoint always agree and a crash replays the
 * uncommitted batch only. A batch that fails is applied again one event at a time, so that the
 * checkpoint stops right before the event that cannot be applied. While the runner runs, the views'
 * rows may be kept in memory (ViewCache): each batch invalidates the rows it wrote.
 */
export class ProjectionWork implements ProcessorWork {
  readonly kind = 'projection';
  readonly batchSize = 500;

  constructor(
    readonly projection: Projection,
    readonly checkpoints: Checkpoints,
    private readonly logger: Logger,
    private readonly cache?: ViewCache,
  ) {}

  get name(): string {
    return this.projection.name;
  }
  get eventTypes(): readonly string[] {
    return this.projection.eventTypes;
  }
  get retry() {
    return this.projection.retry;
  }

  resumed(): void {
    this.cache?.enable(this.projection.views);
  }

  stopped(): void {
    this.cache?.disable(this.projection.views);
  }

  async process(batch: readonly RecordedEvent[], next: number, cursor: CheckpointCursor): Promise<void> {
    try {
      return await this.apply(batch, next, cursor);
    } catch (error) {
      if (notTheEvents(error)) throw error;
    }
    for (const recorded of batch) {
      try {
        await this.apply([recorded], recorded.position, cursor);
      } catch (error) {
        if (notTheEvents(error)) throw error;
        throw new EventFailed(recorded, error);
      }
    }
    await cursor.commit(next);
  }

  private async apply(batch: readonly RecordedEvent[], to: number, cursor: CheckpointCursor): Promise<void> {
    const traced = { name: this.name, kind: this.kind };
    const changed = new ChangedRows();
    const apply = () =>
      cursor.commit(
        to,
        (manager) => this.projection.applyBatch(batch, manager, changed),
        () => this.cache?.invalidate(changed),
      );
    await ProcessorSpans.batch(traced, batch, () => ProcessorSpans.events(traced, batch, apply));
    // One line per event at debug level, so a correlation id can be followed into the views: a
    // message and its fields, which a host's console logger prints on one line too.
    for (const { position, type, streamId, metadata } of batch) {
      this.logger.debug('event projected', {
        projection: this.name,
        position,
        type,
        streamId,
        correlationId: metadata.correlationId,
        commandId: metadata.commandId,
        causationId: metadata.causationId,
      });
    }
  }
}
