import type { Logger } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { TransactionRunner } from '../database/transaction-runner.js';
import type { RecordedEvent } from '../domain/domain-event.js';
import type { EntityManager } from 'typeorm';
import { type EventStore, UnreadableEventError } from '../event-store/event-store.js';
import { storageFault } from '../database/store-faults.js';
import { ProcessorSpans } from '../tracing/processor-spans.js';
import { CheckpointEntity } from './checkpoint.entity.js';
import { CheckpointMoved } from './checkpoint-moved.js';
import type { Projection } from './projection.js';

export type ProjectionStatus = 'running' | 'catching-up' | 'rebuilding' | 'failed' | 'stopped';

/** A batch this large or more behind the head is "catching up" rather than "running". */
const BATCH_SIZE = 500;
/**
 * When a stretch of the log holds no event this projection handles, its checkpoint moves in memory
 * at once and is saved at most this much later: a commit per command per idle projection would cost
 * more than all the work. After a crash the stretch is read again, and holds nothing to apply.
 */
const IDLE_CHECKPOINT_DELAY_MS = 200;

/**
 * Runs one projection: reads the log after its checkpoint, applies a batch of events and moves the
 * checkpoint in one read-store transaction, and repeats until it reaches the head. At-least-once
 * delivery with exactly-once effect: a crash between batches replays the uncommitted batch only.
 * A failing event stops the projection there with its error; it is never skipped.
 */
export class ProjectionRunner {
  private committedPosition = 0;
  private savedPosition = 0;
  private savedAt = 0;
  private saveTimer?: NodeJS.Timeout;
  private state: ProjectionStatus = 'stopped';
  private error: string | null = null;
  private draining: Promise<void> | null = null;
  private wokenWhileDraining = false;
  /** When the read or batch in flight began; undefined between them. */
  private busySince?: number;
  private readonly progressSubject = new Subject<number>();
  /** Emits the position after every committed batch. */
  readonly progress = this.progressSubject.asObservable();

  constructor(
    readonly projection: Projection,
    private readonly eventStore: EventStore,
    private readonly reads: TransactionRunner,
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.projection.name;
  }

  get position(): number {
    return this.committedPosition;
  }

  get status(): ProjectionStatus {
    return this.state;
  }

  get lastError(): string | null {
    return this.error;
  }

  /** How long the read or batch in flight has taken so far (0 when idle): a stalled store shows here. */
  busyForMs(now = Date.now()): number {
    return this.busySince === undefined ? 0 : now - this.busySince;
  }

  async start(): Promise<void> {
    const checkpoint = await this.reads.dataSource.manager.findOneBy(CheckpointEntity, { name: this.name });
    this.committedPosition = checkpoint?.position ?? 0;
    this.savedPosition = this.committedPosition;
    this.error = null;
    this.state = 'running';
    this.wake();
  }

  /** Looks for new events now; cheap to call often (calls while busy fold into one more pass). */
  wake(): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    if (this.draining) {
      this.wokenWhileDraining = true;
      return;
    }
    this.draining = this.drain().finally(() => (this.draining = null));
  }

  /** Stops after the batch in flight, whose checkpoint is then saved. */
  async stop(): Promise<void> {
    if (this.state !== 'failed') this.state = 'stopped';
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.draining;
    await this.saveIdleCheckpoint();
  }

  private async drain(): Promise<void> {
    do {
      this.wokenWhileDraining = false;
      while (this.isActive() && (await this.timedStep())) {
        // Keep going until the head, letting HTTP in between batches: better-sqlite3 answers
        // synchronously, so a long catch-up would otherwise hold every request until it ends.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // At the head, a wake-up that came meanwhile goes on at once: the yield above is for long
      // catch-ups, and under load each one costs a whole turn of the event loop (many requests).
      // Every pass either commits (which yields in the read store's queue) or finds nothing new.
    } while (this.wokenWhileDraining && this.isActive());
  }

  private isActive(): boolean {
    return this.state === 'running' || this.state === 'catching-up';
  }

  private async timedStep(): Promise<boolean> {
    this.busySince = Date.now();
    try {
      return await this.step();
    } finally {
      this.busySince = undefined;
    }
  }

  /**
   * A store that cannot be read or written now (down, full, read-only, not answering) is no fault of
   * the events: the runner stops this pass without failing, and the next wake-up (a commit, a
   * notification or the poll timer) tries again from the same checkpoint.
   */
  private storeUnavailable(error: unknown): boolean {
    const reason = storageFault(error);
    if (reason === undefined) return false;
    this.error = `store unavailable: ${reason}`;
    this.logger.warn(`Projection ${this.name} waits for its store: ${reason}`);
    return true;
  }

  /** Applies one batch; true when there is more to do at once (a catch-up), false at the head or on failure. */
  private async step(): Promise<boolean> {
    let head: number;
    let batch: RecordedEvent[];
    try {
      head = await this.eventStore.headPosition();
      if (head <= this.committedPosition) {
        this.state = 'running';
        if (Date.now() - this.savedAt >= IDLE_CHECKPOINT_DELAY_MS) await this.saveIdleCheckpoint();
        return false;
      }
      batch = await this.eventStore.readLog({
        after: this.committedPosition,
        upTo: head,
        limit: BATCH_SIZE,
        types: this.projection.eventTypes,
      });
    } catch (error) {
      // An event that cannot be read back is a poison event like any other: stop on it.
      if (error instanceof UnreadableEventError) return this.stopBefore(error);
      if (this.storeUnavailable(error)) return false;
      this.logger.warn(`Projection ${this.name} could not read the log: ${String(error)}`);
      return false;
    }
    this.state = head - this.committedPosition > BATCH_SIZE ? 'catching-up' : 'running';
    // The filter by type can leave nothing to apply; the checkpoint still moves up to the head.
    const next = batch.length < BATCH_SIZE ? head : batch[batch.length - 1].position;
    if (batch.length === 0 && Date.now() - this.savedAt < IDLE_CHECKPOINT_DELAY_MS) {
      this.advance(next);
      // Come back once the delay is over, to save it if nothing else has by then.
      this.saveTimer ??= setTimeout(() => {
        this.saveTimer = undefined;
        this.wake();
      }, IDLE_CHECKPOINT_DELAY_MS);
      return next < head;
    }
    try {
      await this.commit(batch, next);
      return next < head;
    } catch (error) {
      if (error instanceof CheckpointMoved) return this.resumeFrom(error.position);
      if (this.storeUnavailable(error)) return false;
      // Apply the batch one event at a time, so the checkpoint stops right before the bad event.
      return this.applyOneByOne(batch, next);
    }
  }

  /**
   * Applies the events before an unreadable one, then stops on it once it is the next event (the
   * drain loop comes back here at once).
   */
  private async stopBefore(unreadable: UnreadableEventError): Promise<boolean> {
    const upTo = unreadable.position - 1;
    if (upTo <= this.committedPosition) {
      await this.fail(unreadable, unreadable);
      return false;
    }
    let batch: RecordedEvent[];
    try {
      batch = await this.eventStore.readLog({
        after: this.committedPosition,
        upTo,
        limit: BATCH_SIZE,
        types: this.projection.eventTypes,
      });
    } catch (error) {
      this.logger.warn(`Projection ${this.name} could not read the log: ${String(error)}`);
      return false;
    }
    const next = batch.length < BATCH_SIZE ? upTo : batch[batch.length - 1].position;
    try {
      await this.commit(batch, next);
      return true;
    } catch (error) {
      if (this.storeUnavailable(error)) return false;
      return this.applyOneByOne(batch, next);
    }
  }

  private async applyOneByOne(batch: RecordedEvent[], next: number): Promise<boolean> {
    for (const recorded of batch) {
      try {
        await this.commit([recorded], recorded.position);
      } catch (error) {
        if (error instanceof CheckpointMoved) return this.resumeFrom(error.position);
        if (this.storeUnavailable(error)) return false;
        await this.fail(recorded, error);
        return false;
      }
    }
    try {
      await this.commit([], next);
    } catch (error) {
      if (this.storeUnavailable(error)) return false;
      throw error;
    }
    return true;
  }

  private advance(next: number): void {
    this.committedPosition = next;
    this.progressSubject.next(next);
  }

  /** Saves a checkpoint that only moved in memory. Called from the drain loop or once stopped. */
  private async saveIdleCheckpoint(): Promise<void> {
    if (this.savedPosition >= this.committedPosition || this.state === 'failed') return;
    await this.commit([], this.committedPosition).catch((error: unknown) =>
      this.logger.warn(`Projection ${this.name} could not save its checkpoint: ${String(error)}`),
    );
  }

  private async commit(batch: RecordedEvent[], next: number): Promise<void> {
    const apply = () =>
      this.reads.run(async ({ manager }) => {
        await this.moveCheckpoint(manager, next);
        await this.projection.applyBatch(batch, manager);
      });
    // A checkpoint that only moves is no work worth a span.
    if (batch.length === 0) await apply();
    else {
      const traced = { name: this.name, kind: 'projection' };
      await ProcessorSpans.batch(traced, batch, () => ProcessorSpans.events(traced, batch, apply));
    }
    this.savedPosition = next;
    this.savedAt = Date.now();
    if (this.error?.startsWith('store unavailable')) this.error = null;
    this.advance(next);
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

  /**
   * Moves the checkpoint from where this runner last saved it, or throws CheckpointMoved: the fence that
   * keeps a runner that has lost its lease (another process took over) from applying a batch twice.
   * On PostgreSQL the update locks the row until commit, so of two runners only one can move it.
   */
  private async moveCheckpoint(manager: EntityManager, next: number): Promise<void> {
    const row = { position: next, lastError: null, updatedAt: new Date().toISOString() };
    const moved = await manager.update(
      CheckpointEntity,
      { name: this.name, position: this.savedPosition },
      row,
    );
    if (moved.affected) return;
    const current = await manager.findOneBy(CheckpointEntity, { name: this.name });
    if (current) throw new CheckpointMoved(current.position);
    await manager.insert(CheckpointEntity, { name: this.name, ...row });
  }

  /** Someone else moved the checkpoint: go on from there (its batch was applied once, by it). */
  private resumeFrom(position: number): boolean {
    this.logger.warn(`Projection ${this.name}: checkpoint moved by another runner; resuming at ${position}`);
    this.committedPosition = this.savedPosition = position;
    return true;
  }

  private async fail(recorded: Pick<RecordedEvent, 'type' | 'position'>, error: unknown): Promise<void> {
    const message = `${recorded.type} at position ${recorded.position}: ${error instanceof Error ? error.message : String(error)}`;
    this.state = 'failed';
    this.error = message;
    this.logger.error(`Projection ${this.name} stopped on ${message}`);
    await this.reads
      .run(({ manager }) =>
        manager.upsert(
          CheckpointEntity,
          {
            name: this.name,
            position: this.committedPosition,
            lastError: message,
            updatedAt: new Date().toISOString(),
          },
          ['name'],
        ),
      )
      .catch(() => undefined);
  }
}
